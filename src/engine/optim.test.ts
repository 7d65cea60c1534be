// The optimisers and the EMA, as training calls them (the composite tfjs path of wasm/cpu), against
// loops written from their papers in float64: AdamW (Loshchilov & Hutter 2019, Alg. 2 with Adam's
// bias correction), SGD with momentum in PyTorch's form, and the momentum-encoder update (MoCo eq. 2).
// e2e/fused-kernels.spec.ts checks the fused WebGPU updates against this same composite path.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../scripts/node-env';
import { emaUpdate } from './ops/ema';
import { adamW, sgdMomentum } from './optim';

const N = 37;
const series = (seed: number, n = N) => Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 0.9);
const LRS = [0.01, 0.02, 0.015, 0.005];
const WD = 0.05;

function naiveAdamW(w0: number[], grads: number[][]): number[] {
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  grads.forEach((g, k) => {
    const t = k + 1;
    const lr = LRS[k];
    for (let i = 0; i < w.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      const mHat = m[i] / (1 - 0.9 ** t);
      const vHat = v[i] / (1 - 0.999 ** t);
      w[i] = w[i] - lr * WD * w[i] - (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  });
  return w;
}

function naiveSgd(w0: number[], grads: number[][]): number[] {
  const w = [...w0];
  const b = w.map(() => 0);
  grads.forEach((g, k) => {
    for (let i = 0; i < w.length; i++) {
      b[i] = 0.9 * b[i] + g[i];
      w[i] = w[i] - LRS[k] * WD * w[i] - LRS[k] * b[i];
    }
  });
  return w;
}

const maxAbs = (a: ArrayLike<number>, b: number[]) => Math.max(...b.map((x, i) => Math.abs(a[i] - x)));

describe('optimisers against their papers', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });
  const w0 = series(1);
  const grads = LRS.map((_, k) => series(10 + k));

  for (const [name, make, naive] of [
    ['AdamW', adamW, naiveAdamW],
    ['SGD with momentum', sgdMomentum, naiveSgd],
  ] as const) {
    it(`${name}: four steps with changing learning rates match the naive loop`, async () => {
      const opt = make();
      const w = tf.variable(tf.tensor(w0));
      for (const [k, g] of grads.entries()) {
        const gt = tf.tensor(g);
        opt.apply([w], [gt], LRS[k], WD);
        gt.dispose();
      }
      const got = await w.data();
      const want = naive(w0, grads);
      // the weights moved by about lr per step: the comparison is not of two unchanged vectors
      expect(maxAbs(got, w0)).toBeGreaterThan(0.01);
      expect(maxAbs(got, want)).toBeLessThan(1e-6);
      opt.dispose();
      w.dispose();
    });
  }

  it('EMA: target ← m·target + (1 − m)·online, online untouched', async () => {
    const t0 = series(3);
    const o = series(4);
    const target = tf.variable(tf.tensor(t0));
    const online = tf.variable(tf.tensor(o));
    emaUpdate([target], [online], 0.9);
    emaUpdate([target], [online], 0.8);
    const want = t0.map((t, i) => 0.8 * (0.9 * t + 0.1 * o[i]) + 0.2 * o[i]);
    expect(maxAbs(await target.data(), want)).toBeLessThan(1e-6);
    expect(maxAbs(await online.data(), Array.from(Float32Array.from(o)))).toBe(0);
    tf.dispose([target, online]);
  });
});
