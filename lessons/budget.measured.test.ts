// The budget lesson's table equals its run files (each method's preset, 300 steps), and what the
// lesson says of them holds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../src/config/url';
import { METHODS, type MethodId } from '../src/config/methods';
import { BUDGET_MEASURED } from './budget.measured';
import { expectSameSettings } from './settings';

const run = (m: string) => JSON.parse(readFileSync(join(__dirname, '..', 'runs', 'compare', `${m}.json`), 'utf8'));
const row = (m: string) => BUDGET_MEASURED.find((r) => r.method === m)!;
const gain = (r: { knn: number; knnRandomInit: number }) => r.knn - r.knnRandomInit;

describe('budget lesson: every method, measured', () => {
  it('has every available method, each row equal to its run file at its own preset', () => {
    expect(BUDGET_MEASURED.map((r) => r.method)).toEqual(['simclr', 'moco', 'byol', 'simsiam', 'dino', 'ibot', 'dinov2']);
    for (const r of BUDGET_MEASURED) {
      const f = run(r.method);
      expect(METHODS[r.method as MethodId].available).toBe(true);
      const preset = presetConfig(r.method as MethodId, null);
      expectSameSettings(f.config, preset, r.method);
      expect(f.steps).toBe(300);
      expect(r.batch).toBe(f.config.batchSize);
      expect(r.knn).toBeCloseTo(f.eval.knn, 4);
      expect(r.knnRandomInit).toBeCloseTo(f.eval.knnRandomInit, 4);
      expect(r.linearH).toBeCloseTo(f.probes.final.linearH, 4);
      expect(r.linearHRandomInit).toBeCloseTo(f.probes.initial.linearH, 4);
      expect(r.stepMs).toBeCloseTo(f.stepMsMedian, 1);
      expect(r.heldBytes).toBe(f.memory.modelBytes + f.memory.stateBytes);
      expect(r.stepPeakBytes).toBe(f.memory.stepPeakBytes);
    }
  });

  it('says of them what they show', () => {
    const cnn = BUDGET_MEASURED.filter((r) => r.backbone === 'CNN');
    // SimCLR gains most on the CNN, MoCo least, on kNN and on the linear probe
    for (const r of cnn) expect(gain(row('simclr'))).toBeGreaterThanOrEqual(gain(r));
    for (const r of cnn) expect(gain(row('moco'))).toBeLessThanOrEqual(gain(r));
    for (const r of cnn) expect(row('simclr').linearH).toBeGreaterThanOrEqual(r.linearH);
    // step memory: BYOL > SimSiam > SimCLR > MoCo; MoCo holds the most between steps
    expect(row('byol').stepPeakBytes).toBeGreaterThan(row('simsiam').stepPeakBytes);
    expect(row('simsiam').stepPeakBytes).toBeGreaterThan(row('simclr').stepPeakBytes);
    expect(row('simclr').stepPeakBytes).toBeGreaterThan(row('moco').stepPeakBytes);
    for (const r of BUDGET_MEASURED) expect(row('moco').heldBytes).toBeGreaterThanOrEqual(r.heldBytes);
    // the ViT starts far lower than the CNN
    expect(row('ibot').knnRandomInit).toBeLessThan(row('simclr').knnRandomInit - 0.3);
    // the prose's figures
    expect([gain(row('simclr')), gain(row('moco')), gain(row('byol')), gain(row('simsiam')), gain(row('dino')), gain(row('ibot')), gain(row('dinov2'))].map((g) => (g * 100).toFixed(1))).toEqual(['12.5', '5.6', '8.0', '8.0', '8.4', '8.7', '6.8']);
    expect([row('byol'), row('simsiam'), row('simclr'), row('moco')].map((r) => (r.stepPeakBytes / 1e6).toFixed(0))).toEqual(['539', '439', '276', '204']);
  });
});
