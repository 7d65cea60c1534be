import { describe, expect, it } from 'vitest';
import { collapseStep, type GaugePoint } from './collapse';

const d = 64; // healthy std 1/8 = 0.125; the std line 0.0375
const point = (step: number, std: number, rankme: number): GaugePoint => ({ step, std, rankme });

describe('collapse marker', () => {
  it('a healthy run is never marked', () => {
    expect(collapseStep([0, 10, 20, 30, 40, 50].map((s) => point(s, 0.1, 30)), d)).toBeNull();
  });
  it('marks the first step from which the std stays under its line: collapse to a point', () => {
    const trail = [point(0, 0.1, 30), point(10, 0.08, 25), point(20, 0.03, 20), point(30, 0.02, 12), point(40, 0.01, 5), point(50, 0.01, 3)];
    expect(collapseStep(trail, d)).toEqual({ step: 20, kind: 'point' });
  });
  it('catches dimensional collapse that the std misses, via RankMe against the first report', () => {
    const trail = [point(0, 0.1, 30), point(10, 0.1, 20), point(20, 0.09, 8), point(30, 0.09, 7), point(40, 0.09, 6)];
    expect(collapseStep(trail, d)).toEqual({ step: 20, kind: 'dimensions' });
  });
  it('ignores a dip that recovers before it has held for three reports', () => {
    const trail = [point(0, 0.1, 30), point(10, 0.02, 30), point(20, 0.1, 30), point(30, 0.1, 30), point(40, 0.1, 30)];
    expect(collapseStep(trail, d)).toBeNull();
  });
});
