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
      expect(run.config.embedDim, row.file).toBe(2);
      expect(run.steps, row.file).toBe(row.steps);
      expect(row.knn).toBeCloseTo(run.eval.knn, 3);
      expect(row.knnRandomInit).toBeCloseTo(run.eval.knnRandomInit, 3);
      expect(row.alignment).toBeCloseTo(run.eval.alignment, 3);
      expect(row.uniformity).toBeCloseTo(run.eval.uniformity, 3);
    }
  });
});
