import { describe, expect, it } from 'vitest';
import { cosineMatrix, gradientSplit, hardestNegatives, matrixRows, positiveOf, rowWeights, syntheticNegatives } from './contrast';

describe('similarity matrix arithmetic', () => {
  // 3 images, 2 views, 2-d unit vectors at known angles (first views, then second views)
  const angles = [0, 2, 4, 0.1, 2.5, 4.05];
  const z = angles.flatMap((a) => [Math.cos(a), Math.sin(a)]);

  it('orders the batch as SimCLR does and pairs row i with i ± m', () => {
    expect(Array.from(matrixRows(3, 2))).toEqual([0, 1, 3, 4]);
    expect(Array.from(matrixRows(3, 8))).toEqual([0, 1, 2, 3, 4, 5]);
    expect([0, 1, 2, 3, 4, 5].map((i) => positiveOf(i, 6))).toEqual([3, 4, 5, 0, 1, 2]);
  });

  it('cosines, row softmax and hardest negatives agree with their definitions', () => {
    const rows = matrixRows(3, 3);
    const sim = cosineMatrix(z, 2, rows);
    expect(sim[0 * 6 + 3]).toBeCloseTo(Math.cos(0.1), 12);
    expect(sim[1 * 6 + 2]).toBeCloseTo(Math.cos(2), 12);
    const tau = 0.5;
    const w = rowWeights(sim, 6, 0, tau);
    expect(w[0]).toBe(0);
    const den = [1, 2, 3, 4, 5].reduce((a, k) => a + Math.exp(Math.cos(angles[k]) / tau), 0);
    expect(w[3]).toBeCloseTo(Math.exp(Math.cos(0.1) / tau) / den, 12);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // the negatives of view 0 (angle 0), most similar first: cos 2 ≈ −0.42, cos 4.05 ≈ −0.62, cos 4 ≈ −0.65, cos 2.5 ≈ −0.80
    expect(hardestNegatives(sim, 6, 0, 3)).toEqual([1, 5, 2]);
  });

  it('the gradient concentrates on the hardest negatives as τ falls', () => {
    const negs = syntheticNegatives(254);
    expect(negs[0]).toBeGreaterThan(negs[253]);
    const cold = gradientSplit(negs, 0.8, 0.05);
    const warm = gradientSplit(negs, 0.8, 1);
    expect(cold.topShare(5)).toBeGreaterThan(0.5);
    expect(warm.topShare(5)).toBeLessThan(0.1);
    expect(cold.effective).toBeLessThan(warm.effective);
    // τ → ∞: every negative the same weight, the loss log(2N − 1)
    const flat = gradientSplit(negs, 0.8, 1e6);
    expect(flat.effective).toBeCloseTo(254, 3);
    expect(flat.loss).toBeCloseTo(Math.log(255), 3);
    expect(cold.pPos + cold.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
