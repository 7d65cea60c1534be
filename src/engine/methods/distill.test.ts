// DINO, iBOT and DINOv2 as trainable methods: the forms the trainer uses against the reference-
// tested pure losses and loops from the papers, state in/out (centres after the loss, the EMA
// teacher), block masks, and tensor hygiene over 20 steps.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../scripts/node-env';
import type { MethodId } from '../../config/methods';
import { defaultConfig, type Config } from '../../config/schema';
import { generateShapes } from '../data/shapes';
import type { Dataset } from '../data/types';
import { headLogits } from '../models/dinoHead';
import { encoderForward } from '../models/encoder';
import { collectVars } from '../nn/layers';
import { cosineMomentum } from '../ops/ema';
import { mulberry32, normal } from '../rng';
import { Trainer } from '../trainer';
import { crossViewLoss, dino } from './dino';
import { sinkhornKnopp } from './dinov2';
import type { DistillModel } from './distill';
import { blockMasks, ibotLoss, maskedPatchLoss, maskedRows } from './ibot';

const randn = (seed: number, ...shape: number[]) => {
  const r = mulberry32(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => normal(r)), shape);
};
const data = (): Dataset => ({ name: 'shapes', classNames: 'abcdefghij'.split(''), train: generateShapes(80, 31), test: generateShapes(20, 32), attribution: '' });
const tiny = (patch: Partial<Config> = {}): Config => ({
  ...defaultConfig(),
  backbone: 'vit', vitWidth: 16, vitDepth: 1, vitHeads: 2, batchSize: 4, prototypes: 16, localCrops: 1, steps: 50, ...patch,
});

beforeAll(async () => {
  await nodeBackend('wasm');
});

describe('self-distillation losses in the form the trainer uses', () => {
  it('cross-view loss with Sinkhorn-Knopp targets equals a loop over (teacher view, other student view) pairs', async () => {
    const N = 4, K = 6, crops = 3;
    const s = randn(1, crops * N, K) as tf.Tensor2D;
    const t = randn(2, 2 * N, K) as tf.Tensor2D;
    const q = sinkhornKnopp(t, 0.05);
    const qa = (await q.array()) as number[][];
    const sa = (await s.array()) as number[][];
    let total = 0, ent = 0, terms = 0;
    for (let iq = 0; iq < 2; iq++)
      for (let v = 0; v < crops; v++) {
        if (v === iq) continue;
        for (let b = 0; b < N; b++) {
          const row = sa[v * N + b].map((x) => x / 0.1);
          const lse = Math.log(row.reduce((a, x) => a + Math.exp(x), 0));
          const qr = qa[iq * N + b];
          total += -qr.reduce((a, qk, k) => a + qk * (row[k] - lse), 0) / N;
          ent += -qr.reduce((a, qk) => a + (qk > 0 ? qk * Math.log(qk) : 0), 0) / N;
        }
        terms++;
      }
    const out = crossViewLoss(s, q, crops, 0.1);
    expect((await out.loss.data())[0]).toBeCloseTo(total / terms, 4);
    expect((await out.teacherEntropy.data())[0]).toBeCloseTo(ent / terms, 4);
    // Sinkhorn-Knopp: each sample's row sums to 1
    qa.forEach((r) => expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
  });

  it('the masked-rows patch loss equals iBOT’s per-image masked mean (the reference-tested form)', async () => {
    const ng = 2, N = 3, P = 64, K = 5;
    const masks = blockMasks(mulberry32(4), ng * N, { maskProb: 0.5, maskRatioMin: 0.1, maskRatioMax: 0.5 });
    const sPatch = randn(5, ng * N, P, K) as tf.Tensor3D;
    const tPatch = randn(6, ng * N, P, K) as tf.Tensor3D;
    const center2 = randn(7, 1, 1, K).mul(0.1) as tf.Tensor3D;
    const o = { teacherTemp: 0.04, teacherPatchTemp: 0.07, studentTemp: 0.1, centerMomentum: 0.9, centerMomentum2: 0.9, lambda1: 0, lambda2: 1, nGlobal: ng, nLocal: 0 };
    const want = ibotLoss(randn(8, ng * N, K) as tf.Tensor2D, sPatch, randn(9, ng * N, K) as tf.Tensor2D, tPatch, tf.tensor2d(masks, [ng * N, P], 'float32'), tf.zeros([1, K]), center2, o).lossPatch;
    const { rows, weights } = maskedRows(masks, ng * N);
    const idx = tf.tensor1d(rows, 'int32');
    const tProbs = tf.softmax(tf.div(tf.sub(tf.gather(tPatch.reshape([-1, K]), idx), center2.reshape([1, K])), 0.07)) as tf.Tensor2D;
    const got = maskedPatchLoss(tf.gather(sPatch.reshape([-1, K]), idx) as tf.Tensor2D, tProbs, weights, 0.1);
    expect((await got.data())[0]).toBeCloseTo((await want.data())[0], 4);
  });

  it('block masks: round(n·p) crops masked, each within the ratio range, the rest clean; same seed, same masks', () => {
    const n = 40, P = 64;
    const c = { maskProb: 0.5, maskRatioMin: 0.1, maskRatioMax: 0.5 };
    const m = blockMasks(mulberry32(11), n, c);
    const counts = Array.from({ length: n }, (_, i) => m.subarray(i * P, (i + 1) * P).reduce((a, b) => a + b, 0));
    const masked = counts.filter((k) => k > 0);
    expect(masked.length).toBe(20);
    masked.forEach((k) => {
      expect(k).toBeGreaterThanOrEqual(4); // one block at least
      expect(k).toBeLessThanOrEqual(Math.round(0.5 * P));
    });
    expect(blockMasks(mulberry32(11), n, c)).toEqual(m);
    expect(blockMasks(mulberry32(11), n, { ...c, maskProb: 0 }).every((v) => v === 0)).toBe(true);
  });
});

describe('DINO-family state in and out', () => {
  it('DINO: the loss uses the centre it was given; the returned centre is 0.9·c + 0.1·mean(teacher logits); the input is untouched', async () => {
    const config = tiny();
    const { model, state } = dino.create(mulberry32(3), config);
    const old = tf.fill([1, config.prototypes], 0.05) as tf.Tensor2D;
    state.center.dispose();
    const views = { v1: tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D, v2: tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 2) as tf.Tensor4D, locals: tf.randomUniform([4, 16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor4D };
    const out = dino.loss(model, { center: old }, views, { step: 0, config, rng: mulberry32(1) });
    const t = headLogits(model.teacher.head, encoderForward(model.teacher.encoder, tf.concat([views.v1, views.v2]), true));
    const mean = (await tf.mean(t, 0).data()) as Float32Array;
    const got = (await out.state.center.data()) as Float32Array;
    mean.forEach((m, k) => expect(got[k]).toBeCloseTo(0.9 * 0.05 + 0.1 * m, 5));
    expect(Array.from(await old.data()).every((v) => Math.abs(v - 0.05) < 1e-7)).toBe(true);
    // with the old centre the loss is what crossViewLoss gives on centred targets
    const off = dino.loss(model, { center: old }, views, { step: 0, config: { ...config, centering: false }, rng: mulberry32(1) });
    expect(off.state.center).toBe(old); // centering off: the centre is left alone
  });

  it('the teacher follows the student by EMA with the cosine schedule, after the optimiser step', async () => {
    const tr = new Trainer('dino', tiny({ emaMomentum: 0.9 }), data());
    const m = (tr as unknown as { model: DistillModel }).model;
    const sVar = collectVars(m.student.head)[0];
    const tVar = collectVars(m.teacher.head)[0];
    const tBefore = (await tVar.data()) as Float32Array;
    await tr.trainStep();
    const s = (await sVar.data()) as Float32Array;
    const t = (await tVar.data()) as Float32Array;
    const mom = cosineMomentum(0.9, 0, 50);
    for (let i = 0; i < 10; i++) expect(t[i]).toBeCloseTo(mom * tBefore[i] + (1 - mom) * s[i], 5);
    tr.dispose();
  });

  for (const id of ['dino', 'ibot', 'dinov2'] as MethodId[]) {
    it(`${id}: finite loss and diagnostics, and numTensors flat over 20 steps`, async () => {
      const tr = new Trainer(id, tiny({ koleoWeight: 0.1 }), data());
      const first = await tr.trainStep();
      expect(Number.isFinite(first.loss)).toBe(true);
      expect(first.teacherEntropy).toBeGreaterThan(0);
      expect(first.teacherEntropy).toBeLessThanOrEqual(Math.log(16) + 1e-4);
      if (id !== 'dino') expect(Number.isFinite(first.lossPatch)).toBe(true);
      if (id === 'dinov2') expect(Number.isFinite(first.koleo)).toBe(true);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) await tr.trainStep();
      expect(tf.memory().numTensors).toBe(before);
      tr.dispose();
    });
  }
});
