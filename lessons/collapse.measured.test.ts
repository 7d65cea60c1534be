// The collapse lesson's table equals its run files, and the sentences it says of them hold.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLLAPSE_MEASURED } from './collapse.measured';

const run = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', file), 'utf8'));
const row = (variant: string) => COLLAPSE_MEASURED.find((r) => r.variant === variant)!;

describe('collapse lesson: measured table', () => {
  it('has every variant of the lesson, each row equal to its run file at the lesson setting', () => {
    expect(COLLAPSE_MEASURED.map((r) => r.variant)).toEqual(['byol', 'byol-nopred', 'byol-ema0', 'byol-nobn', 'simsiam', 'simsiam-nostopgrad']);
    for (const r of COLLAPSE_MEASURED) {
      const f = run(r.file);
      expect(f.config.batchSize, r.file).toBe(64);
      expect(f.steps, r.file).toBe(300);
      expect(r.knn).toBeCloseTo(f.eval.knn, 3);
      expect(r.knnRandomInit).toBeCloseTo(f.eval.knnRandomInit, 3);
      expect(r.std).toBeCloseTo(f.eval.std, 4);
      expect(r.rankme).toBeCloseTo(f.eval.rankme, 2);
      expect(r.collapsedAt).toBe(f.eval.collapsedAt);
      const last = f.history.slice(-10).reduce((a: number, h: { loss: number }) => a + h.loss, 0) / 10;
      expect(r.loss).toBeCloseTo(last, 3);
    }
  });

  it('says of them what they show', () => {
    const line = 0.3 / Math.sqrt(128);
    const gain = (v: string) => row(v).knn - row(v).knnRandomInit;
    // BYOL healthy, ~7 points
    expect(row('byol').collapsedAt).toBeNull();
    expect(row('byol').std).toBeGreaterThan(2 * line);
    expect(gain('byol')).toBeGreaterThan(0.065);
    expect(gain('byol')).toBeLessThan(0.075);
    // no predictor: collapsed from its first reports, loss far below BYOL's, still ~4 points on h
    expect(row('byol-nopred').collapsedAt).toBeLessThanOrEqual(20);
    expect(row('byol-nopred').std).toBeLessThan(line);
    expect(row('byol-nopred').loss).toBeLessThan(row('byol').loss / 10);
    expect(gain('byol-nopred')).toBeGreaterThan(0.035);
    expect(gain('byol-nopred')).toBeLessThan(0.045);
    // no BatchNorm: complete collapse, kNN more than 5 points below the untrained encoder
    expect(row('byol-nobn').std).toBeLessThan(0.001);
    expect(row('byol-nobn').rankme).toBeLessThan(1.5);
    expect(gain('byol-nobn')).toBeLessThan(-0.05);
    // τ = 0: no collapse in 300 steps, and more kNN than BYOL
    expect(row('byol-ema0').collapsedAt).toBeNull();
    expect(gain('byol-ema0')).toBeGreaterThan(gain('byol'));
    // SimSiam healthy; without stop-gradient the loss near −1, std collapsed, marked at step 30
    expect(row('simsiam').collapsedAt).toBeNull();
    expect(row('simsiam-nostopgrad').loss).toBeLessThan(-0.99);
    expect(row('simsiam-nostopgrad').std).toBeLessThan(line);
    expect(row('simsiam-nostopgrad').collapsedAt).toBe(30);
  });
});
