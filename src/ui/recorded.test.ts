import { describe, expect, it } from 'vitest';
import { secondsToPoint } from './widgets/RecordedRun';

describe('when a live page offers its recorded run', () => {
  it('offers it when the measured rate needs more than two minutes to reach the lesson’s point', () => {
    // DINO's point at step 50: from step 10 at 0.3 steps/s, 40 steps take 133 s
    expect(secondsToPoint(10, 0.3, 50)).toBeCloseTo(133.3, 1);
    // at 0.4 steps/s they take 100 s: no offer
    expect(secondsToPoint(10, 0.4, 50)).toBeNull();
  });
  it('waits for a trustworthy rate, and stops offering once the point is passed', () => {
    expect(secondsToPoint(2, 0.01, 50)).toBeNull(); // the first steps pay for a cold engine
    expect(secondsToPoint(50, 0.01, 50)).toBeNull();
    expect(secondsToPoint(10, 0, 50)).toBeNull(); // no rate measured yet
    expect(secondsToPoint(10, 0.01, undefined)).toBeNull(); // a lesson without a point
  });
});
