// The lesson's table must say what the committed runs measured (runs/tau/*.json, written by
// `npm run experiment`), to the digits it prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEASURED } from './temperature.measured';

describe('temperature lesson: measured table', () => {
  it('has a τ sweep and a batch sweep, every row equal to its run file', () => {
    const tau = MEASURED.filter((r) => r.sweep === 'tau');
    expect(tau.map((r) => r.temperature)).toEqual([0.05, 0.1, 0.2, 0.5, 1]);
    expect(new Set(tau.map((r) => r.batchSize))).toEqual(new Set([128]));
    // three batch sizes at τ 0.1: the batch runs plus the τ sweep's 0.1
    const batches = [...MEASURED.filter((r) => r.sweep === 'batch'), ...tau.filter((r) => r.temperature === 0.1)].map((r) => r.batchSize);
    expect(batches.sort((a, b) => a - b)).toEqual([32, 128, 256]);
    expect(MEASURED.filter((r) => r.sweep === 'tau32').map((r) => r.temperature)).toEqual([0.05, 0.1, 0.2, 0.5, 1]);
    for (const row of MEASURED) {
      const run = JSON.parse(readFileSync(join(__dirname, '..', row.file), 'utf8'));
      expect(run.config.temperature, row.file).toBe(row.temperature);
      expect(run.config.batchSize, row.file).toBe(row.batchSize);
      expect(run.config.embedDim, row.file).toBe(row.sweep === 'd128' ? 128 : 2);
      expect(run.steps, row.file).toBe(row.steps);
      expect(row.knn).toBeCloseTo(run.eval.knn, 3);
      expect(row.knnRandomInit).toBeCloseTo(run.eval.knnRandomInit, 3);
      expect(row.alignment).toBeCloseTo(run.eval.alignment, 3);
      expect(row.uniformity).toBeCloseTo(run.eval.uniformity, 3);
    }
  });

  it('says what the rows show: the claims of the lesson prose hold in the table', () => {
    const pick = (sweep: string) => MEASURED.filter((r) => r.sweep === sweep).sort((a, b) => a.temperature - b.temperature || a.batchSize - b.batchSize);
    const decreasing = (v: number[]) => v.every((x, i) => i === 0 || x < v[i - 1]);
    const increasing = (v: number[]) => v.every((x, i) => i === 0 || x > v[i - 1]);
    // batch 128: the larger τ, the more uniform and the less aligned; kNN flat to τ 0.5, lower at 1
    const tau = pick('tau');
    expect(decreasing(tau.map((r) => r.uniformity))).toBe(true);
    expect(increasing(tau.map((r) => r.alignment))).toBe(true);
    const knn = tau.map((r) => r.knn);
    expect(Math.max(...knn.slice(0, 4)) - Math.min(...knn.slice(0, 4))).toBeLessThan(0.01);
    expect(knn[4]).toBeLessThan(Math.min(...knn.slice(0, 4)) - 0.02);
    // batch: more negatives, more uniform and better kNN (at a fixed number of steps)
    const batch = [...pick('batch'), ...tau.filter((r) => r.temperature === 0.1)].sort((a, b) => a.batchSize - b.batchSize);
    expect(decreasing(batch.map((r) => r.uniformity))).toBe(true);
    expect(increasing(batch.map((r) => r.knn))).toBe(true);
    // batch 32: the same order up to τ 0.5, and τ 1 a little less uniform than 0.5
    const t32 = pick('tau32');
    expect(decreasing(t32.slice(0, 4).map((r) => r.uniformity))).toBe(true);
    expect(t32[4].uniformity).toBeGreaterThan(t32[3].uniformity);
    // 2,000 steps: every τ more spread than at 300, the order unchanged, kNN gains of 13–15 points
    const long = pick('long');
    expect(decreasing(long.map((r) => r.uniformity))).toBe(true);
    for (const r of long) {
      expect(r.uniformity).toBeLessThan(t32.find((s) => s.temperature === r.temperature)!.uniformity);
      expect(r.knn - r.knnRandomInit).toBeGreaterThan(0.13);
      expect(r.knn - r.knnRandomInit).toBeLessThan(0.15);
    }
    expect(long.reduce((a, b) => (b.knn > a.knn ? b : a)).temperature).toBe(0.2);
  });

  it('z of 128: the reversal at the cold end (0.05 → 0.2 more uniform, less aligned), the textbook order above 0.2, kNN level to 0.2 then lower, as the lesson says', () => {
    const d = MEASURED.filter((r) => r.sweep === 'd128').sort((a, b) => a.temperature - b.temperature);
    expect(d.map((r) => r.temperature)).toEqual([0.05, 0.1, 0.2, 0.5, 1]);
    for (const r of d) expect(r.batchSize).toBe(128);
    const u = d.map((r) => r.uniformity);
    expect(u[1]).toBeLessThan(u[0]);
    expect(u[2]).toBeLessThan(u[1]);
    expect(u[3]).toBeGreaterThan(u[2]);
    expect(u[4]).toBeGreaterThan(u[3]);
    expect(d[2].alignment).toBeGreaterThan(d[1].alignment);
    expect(d[1].alignment).toBeGreaterThan(d[0].alignment);
    expect(u.map((v) => v.toFixed(3))).toEqual(['-1.316', '-1.910', '-2.483', '-2.064', '-1.875']);
    expect([d[0].alignment, d[2].alignment].map((v) => v.toFixed(3))).toEqual(['0.241', '0.632']);
    expect(d.map((r) => (r.knn * 100).toFixed(1))).toEqual(['88.9', '88.8', '88.5', '85.6', '83.9']);
  });

  it('the batch-32 τ = 1 run sits at chance level (log 63) from step 50 to 120, then learns again, as the lesson says', () => {
    const run = JSON.parse(readFileSync(join(__dirname, '..', 'runs/tau/simclr-d2-b32-tau1.json'), 'utf8'));
    const loss = (a: number, b: number) => run.history.filter((r: { step: number }) => r.step >= a && r.step <= b).map((r: { loss: number }) => r.loss);
    const chance = Math.log(2 * 32 - 1);
    for (const l of loss(50, 120)) expect(Math.abs(l - chance)).toBeLessThan(0.01);
    expect(Math.min(...loss(150, 300))).toBeLessThan(chance - 0.3);
    // the colder runs at the same batch never sit there
    const cold = JSON.parse(readFileSync(join(__dirname, '..', 'runs/tau/simclr-d2-b32-tau0.2.json'), 'utf8'));
    expect(Math.max(...cold.history.filter((r: { step: number }) => r.step >= 50 && r.step <= 120).map((r: { loss: number }) => r.loss))).toBeLessThan(chance - 0.1);
  });
});
