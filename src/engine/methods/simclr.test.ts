import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../scripts/node-env';
import { mulberry32, normal } from '../rng';
import { ntXent } from './simclr';

/** SimCLR eq. (1) as naive loops over anchors, straight from the paper (the test oracle). */
function naiveNtXent(z1: number[][], z2: number[][], tau: number): number {
  const z = [...z1, ...z2].map((r) => {
    const n = Math.hypot(...r);
    return r.map((v) => v / n);
  });
  const n = z1.length;
  const sim = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
  let total = 0;
  for (let i = 0; i < 2 * n; i++) {
    const j = (i + n) % (2 * n);
    let denom = 0;
    for (let k = 0; k < 2 * n; k++) if (k !== i) denom += Math.exp(sim(z[i], z[k]) / tau);
    total += -Math.log(Math.exp(sim(z[i], z[j]) / tau) / denom);
  }
  return total / (2 * n);
}

const randn = (rng: () => number, n: number, d: number) => Array.from({ length: n }, () => Array.from({ length: d }, () => normal(rng)));

describe('NT-Xent', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  for (const [n, d, tau, seed] of [
    [4, 8, 0.5, 1],
    [16, 3, 0.1, 2],
    [7, 32, 1.0, 3],
    [32, 16, 0.05, 4],
  ] as const) {
    it(`equals the paper's loop form (N=${n}, D=${d}, τ=${tau})`, async () => {
      const rng = mulberry32(seed);
      const z1 = randn(rng, n, d);
      const z2 = randn(rng, n, d);
      const { loss } = ntXent(tf.tensor2d(z1), tf.tensor2d(z2), tau);
      const got = (await loss.data())[0];
      const want = naiveNtXent(z1, z2, tau);
      expect(Math.abs(got - want)).toBeLessThan(Math.max(1e-4 * want, 1e-5));
    });
  }

  it('a collapsed batch scores log(2N − 1) and finds its positive no better than chance', async () => {
    const n = 10;
    const same = Array.from({ length: n }, () => [1, 2, 3]);
    const { loss } = ntXent(tf.tensor2d(same), tf.tensor2d(same), 0.2);
    expect((await loss.data())[0]).toBeCloseTo(Math.log(2 * n - 1), 4);
  });

  it('a perfectly separated batch at small τ scores ≈ 0 and finds every positive', async () => {
    const n = 6;
    const eye = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    const { loss, accuracy } = ntXent(tf.tensor2d(eye), tf.tensor2d(eye), 0.05);
    expect((await loss.data())[0]).toBeLessThan(1e-6);
    expect((await accuracy.data())[0]).toBe(1);
  });
});
