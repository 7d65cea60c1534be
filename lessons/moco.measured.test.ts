// The MoCo lesson's table equals its run files, and what the lesson says of them holds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEMORY_MEASURED } from './moco.measured';

const run = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', file), 'utf8'));
const row = (i: number) => MEMORY_MEASURED[i];

describe('MoCo lesson: measured memory and accuracy', () => {
  it('each row equals its run file, at batch 32 for 300 steps', () => {
    for (const r of MEMORY_MEASURED) {
      const f = run(r.file);
      expect(f.config.batchSize, r.file).toBe(32);
      expect(f.steps).toBe(300);
      expect(r.knn).toBeCloseTo(f.eval.knn, 4);
      expect(r.knnRandomInit).toBeCloseTo(f.eval.knnRandomInit, 4);
      expect(r.stepMs).toBeCloseTo(f.stepMsMedian, 1);
      expect(r.rankme).toBeCloseTo(f.eval.rankme, 2);
      for (const k of ['modelBytes', 'stateBytes', 'stepPeakBytes'] as const) expect(r[k], `${r.file} ${k}`).toBe(f.memory[k]);
    }
    expect(run(MEMORY_MEASURED[0].file).method).toBe('moco');
    expect(run(MEMORY_MEASURED[1].file).method).toBe('simclr');
    expect(run(MEMORY_MEASURED[2].file).config.keyMomentum).toBe(0);
  });

  it('says of them what they show', () => {
    // the queue is K × d floats: 4,096 × 128 × 4 bytes; the key encoder doubles the weights
    expect(row(0).stateBytes).toBe(4096 * 128 * 4);
    expect(row(0).modelBytes).toBe(2 * row(1).modelBytes);
    // MoCo's step holds less than SimCLR's (half its views carry no gradient)
    expect(row(0).stepPeakBytes).toBeLessThan(row(1).stepPeakBytes);
    // at this scale SimCLR learns more at the same batch, and m = 0 collapses below the untrained encoder
    expect(row(1).knn).toBeGreaterThan(row(0).knn);
    expect(row(0).knn).toBeGreaterThan(row(0).knnRandomInit);
    expect(row(2).knn).toBeLessThan(row(2).knnRandomInit);
    expect(row(2).rankme).toBeLessThan(1.5);
  });
});
