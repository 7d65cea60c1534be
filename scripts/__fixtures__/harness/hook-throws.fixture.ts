// Typechecks, and fails only at run time: its hook throws, so Vitest marks its tests as skipped.
import { beforeAll, describe, expect, it } from 'vitest';

describe('a file whose setup breaks', () => {
  beforeAll(() => {
    throw new Error('the backend did not start');
  });
  it('would pass', () => expect(1).toBe(1));
});
