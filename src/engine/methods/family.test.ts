// MoCo, BYOL and SimSiam: losses against naive loops written from the papers' pseudocode, state
// in/out (queue order and pointer, EMA updates), and tensor hygiene over 20 steps.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../scripts/node-env';
import type { MethodId } from '../../config/methods';
import { defaultConfig, type Config } from '../../config/schema';
import { generateShapes } from '../data/shapes';
import type { Dataset } from '../data/types';
import { collectVars } from '../nn/layers';
import { cosineMomentum } from '../ops/ema';
import { mulberry32, normal } from '../rng';
import { Trainer } from '../trainer';
import { byolLoss } from './byol';
import { mocoEnqueue, mocoInfoNce } from './moco';
import { simsiamLoss } from './simsiam';

const randn = (seed: number, n: number, d: number) => {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => normal(r)));
};
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const data = (): Dataset => ({ name: 'shapes', classNames: 'abcdefghij'.split(''), train: generateShapes(160, 21), test: generateShapes(40, 22), attribution: '' });
const cfg = (patch: Partial<Config>): Config => ({ ...defaultConfig(), batchSize: 8, embedDim: 16, queueSize: 32, ...patch });
const trainerOf = (id: MethodId, patch: Partial<Config> = {}) => new Trainer(id, cfg(patch), data());
const internals = (t: Trainer) => t as unknown as { model: Record<string, unknown>; state: { queue: tf.Tensor2D; ptr: number; filled: number } };

beforeAll(async () => {
  await nodeBackend('wasm');
});

describe('MoCo', () => {
  it('InfoNCE equals a loop over queries: −log softmax of the positive among [k, queue]', async () => {
    const q = randn(1, 5, 6);
    const k = randn(2, 5, 6);
    const queueRows = randn(3, 12, 6).map(unit); // 12 keys
    const T = 0.2;
    let want = 0;
    for (let i = 0; i < 5; i++) {
      const qi = unit(q[i]);
      const logits = [dot(qi, unit(k[i])), ...queueRows.map((key) => dot(qi, key))].map((x) => x / T);
      const lse = Math.log(logits.reduce((s, x) => s + Math.exp(x), 0));
      want += (lse - logits[0]) / 5;
    }
    const queue = tf.transpose(tf.tensor2d(queueRows)) as tf.Tensor2D;
    const got = (await mocoInfoNce(tf.tensor2d(q), tf.tensor2d(k), queue, T).loss.data())[0];
    expect(got).toBeCloseTo(want, 4);
  });

  it('enqueues after the loss into columns ptr…ptr+N−1 and wraps the pointer', async () => {
    const queue = tf.zeros([3, 8]) as tf.Tensor2D;
    const keys = tf.tensor2d([
      [3, 0, 4],
      [0, 2, 0],
    ]);
    const a = mocoEnqueue(queue, keys, 6);
    expect(a.ptr).toBe(0);
    const cols = (await a.queue.array()) as number[][];
    expect(cols.map((r) => r[6])).toEqual([0.6, 0, 0.8].map((x) => expect.closeTo(x, 6)) as never);
    expect(cols.map((r) => r[7])).toEqual([0, 1, 0]);
    expect(cols.every((r) => r.slice(0, 6).every((x) => x === 0))).toBe(true);
    expect(mocoEnqueue(queue, keys, 2).ptr).toBe(4);
    expect(() => mocoEnqueue(tf.zeros([3, 7]) as tf.Tensor2D, keys, 0)).toThrow(/multiple/);
  });

  it('a training step enqueues that step’s batch of keys and moves the key encoder by EMA', async () => {
    const t = trainerOf('moco', { keyMomentum: 0.9 });
    const m = internals(t).model;
    const q0 = collectVars([m.encoder, m.head]).map((v) => v.arraySync());
    const k0 = collectVars([m.keyEncoder, m.keyHead]).map((v) => v.arraySync());
    expect(k0).toEqual(q0); // the key encoder starts as a copy
    await t.trainStep();
    expect(internals(t).state.ptr).toBe(8);
    expect(internals(t).state.filled).toBe(8);
    const q1 = (collectVars([m.encoder, m.head])[0].arraySync() as number[][][][]).flat(3);
    const k1 = (collectVars([m.keyEncoder, m.keyHead])[0].arraySync() as number[][][][]).flat(3);
    const kPrev = (k0[0] as number[][][][]).flat(3);
    k1.forEach((v, i) => expect(v).toBeCloseTo(0.9 * kPrev[i] + 0.1 * q1[i], 5));
    t.dispose();
  });
});

describe('BYOL and SimSiam losses', () => {
  const [p1, p2, z1, z2] = [4, 5, 6, 7].map((s) => randn(s, 6, 5));
  it('BYOL: mean over the batch of ‖p̂₁ − ẑ₂‖² + ‖p̂₂ − ẑ₁‖²', async () => {
    let want = 0;
    for (let i = 0; i < 6; i++) {
      const d = (a: number[], b: number[]) => unit(a).reduce((s, x, j) => s + (x - unit(b)[j]) ** 2, 0);
      want += (d(p1[i], z2[i]) + d(p2[i], z1[i])) / 6;
    }
    const got = (await byolLoss(tf.tensor2d(p1), tf.tensor2d(p2), tf.tensor2d(z1), tf.tensor2d(z2)).data())[0];
    expect(got).toBeCloseTo(want, 4);
  });
  it('SimSiam: −½(mean cos(p₁, z₂) + mean cos(p₂, z₁)), and BYOL = 4 + 4·SimSiam on the same tensors', async () => {
    let want = 0;
    for (let i = 0; i < 6; i++) want += (-0.5 * (dot(unit(p1[i]), unit(z2[i])) + dot(unit(p2[i]), unit(z1[i])))) / 6;
    const s = (await simsiamLoss(tf.tensor2d(p1), tf.tensor2d(p2), tf.tensor2d(z1), tf.tensor2d(z2)).data())[0];
    const b = (await byolLoss(tf.tensor2d(p1), tf.tensor2d(p2), tf.tensor2d(z1), tf.tensor2d(z2)).data())[0];
    expect(s).toBeCloseTo(want, 4);
    expect(b).toBeCloseTo(4 + 4 * s, 4);
  });
  it('BYOL’s target momentum runs from τ_base to exactly 1 on a cosine', () => {
    expect(cosineMomentum(0.99, 0, 100)).toBeCloseTo(0.99, 12);
    expect(cosineMomentum(0.99, 50, 100)).toBeCloseTo(0.995, 12);
    expect(cosineMomentum(0.99, 100, 100)).toBe(1);
    expect(cosineMomentum(0.99, 150, 100)).toBe(1);
  });
});

describe('BYOL and SimSiam training', () => {
  it('BYOL: after a step the target is τ·target + (1−τ)·online; without a predictor there is none', async () => {
    const t = trainerOf('byol', { batchNorm: true, emaMomentum: 0.9, steps: 100 });
    const m = internals(t).model;
    const before = collectVars([m.targetEncoder])[0].arraySync() as number[][][][];
    await t.trainStep();
    const tau = cosineMomentum(0.9, 0, 100);
    const online = (collectVars([m.encoder])[0].arraySync() as number[][][][]).flat(3);
    const after = (collectVars([m.targetEncoder])[0].arraySync() as number[][][][]).flat(3);
    before.flat(3).forEach((b, i) => expect(after[i]).toBeCloseTo(tau * b + (1 - tau) * online[i], 5));
    t.dispose();
    const bare = trainerOf('byol', { batchNorm: true, predictor: false });
    expect(internals(bare).model.predictor).toBeNull();
    bare.dispose();
  });

  it('SimSiam: the stop-gradient changes the gradient the projector receives', async () => {
    const grads = async (stopGrad: boolean) => {
      const t = trainerOf('simsiam', { batchNorm: true, stopGrad, lr: 0.5, warmupSteps: 0 });
      const m = internals(t).model;
      const w = collectVars([m.projector])[0];
      const before = (w.arraySync() as number[][]).flat();
      await t.trainStep();
      const delta = (w.arraySync() as number[][]).flat().map((v, i) => v - before[i]);
      t.dispose();
      return delta;
    };
    const on = await grads(true);
    const off = await grads(false);
    expect(Math.max(...on.map((d, i) => Math.abs(d - off[i])))).toBeGreaterThan(1e-6);
  });

  for (const [id, patch] of [
    ['moco', { batchNorm: true }],
    ['byol', { batchNorm: true }],
    ['simsiam', { batchNorm: true }],
  ] as const) {
    it(`${id}: numTensors flat over 20 steps and back to the start after dispose`, async () => {
      const start = tf.memory().numTensors;
      const t = trainerOf(id, patch);
      await t.trainStep();
      const after = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) {
        const r = await t.trainStep();
        expect(Number.isFinite(r.loss)).toBe(true);
        expect(tf.memory().numTensors).toBe(after);
      }
      t.dispose();
      expect(tf.memory().numTensors).toBe(start);
    });
  }
});
