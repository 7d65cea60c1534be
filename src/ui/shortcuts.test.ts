import { describe, expect, it } from 'vitest';
import { nextOnLadder, TAU_LADDER } from './shortcuts';

describe('↑/↓ temperature ladder', () => {
  it('moves to the next rung, from a rung or from between rungs, and stops at the ends', () => {
    expect(nextOnLadder(0.1, 1)).toBe(0.2);
    expect(nextOnLadder(0.1, -1)).toBe(0.05);
    expect(nextOnLadder(0.13, 1)).toBe(0.2);
    expect(nextOnLadder(0.13, -1)).toBe(0.1);
    expect(nextOnLadder(TAU_LADDER.at(-1)!, 1)).toBe(TAU_LADDER.at(-1));
    expect(nextOnLadder(TAU_LADDER[0], -1)).toBe(TAU_LADDER[0]);
    // a value typed off the slider's grid (0.0999…) still steps to the rung above 0.1
    expect(nextOnLadder(0.09999999, 1)).toBe(0.2);
  });
});
