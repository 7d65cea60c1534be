// DINO, iBOT and DINOv2 as trainable methods: the forms the trainer uses against loops from the
// papers (scripts/lib/naive.ts), state in/out (centres after the loss, the EMA
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
import * as naive from '../../../scripts/lib/naive';
import { dino } from './dino';
import { studentFeatures, type DistillModel } from './distill';
import { blockMasks } from '../data/masks';
import { maskedRows, patchDistillLoss } from './maskedDistill';

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

describe('iBOT’s masked-patch term, in the form the trainer uses', () => {
  it('the loss at the masked rows (maskedRows weights, patch centre, patch temperature) equals iBOT’s per-image masked mean, averaged over every global crop', async () => {
    const ng = 2, N = 3, P = 64, K = 5;
    const masks = blockMasks(mulberry32(4), ng * N, { maskProb: 0.5, maskRatioMin: 0.1, maskRatioMax: 0.5 });
    const sPatch = randn(5, ng * N, P, K);
    const tPatch = randn(6, ng * N, P, K).tanh();
    const center2 = randn(7, 1, K).mul(0.1) as tf.Tensor2D;
    const { rows, weights } = maskedRows(masks, ng * N);
    const idx = tf.tensor1d(rows, 'int32');
    const c = { ...defaultConfig(), centering: true, sinkhorn: false, studentTemp: 0.1, teacherTempWarmup: 0 };
    const got = patchDistillLoss(tf.gather(sPatch.reshape([-1, K]), idx) as tf.Tensor2D, tf.gather(tPatch.reshape([-1, K]), idx) as tf.Tensor2D, weights, center2, c, 0, 0.07);
    const maskRows = Array.from({ length: ng * N }, (_, i) => Array.from(masks.subarray(i * P, (i + 1) * P)));
    expect(maskRows.filter((m) => m.some((v) => v)).length).toBe(N); // half the crops masked, the rest count as 0
    const want = naive.ibotPatchLoss((await sPatch.array()) as number[][][], (await tPatch.array()) as number[][][], maskRows, (await center2.array())[0], 0.07, 0.1);
    expect((await got.data())[0]).toBeCloseTo(want, 4);
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
  it('DINO: the loss is computed with the centre it was given; the returned centre is 0.9·c + 0.1·mean(teacher logits); the input is untouched', async () => {
    const config = tiny();
    const { model, state } = dino.create(mulberry32(3), config);
    const old = tf.fill([1, config.prototypes], 0.05) as tf.Tensor2D;
    state.center.dispose();
    const views = { v1: tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D, v2: tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 2) as tf.Tensor4D, locals: tf.randomUniform([4, 16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor4D };
    const out = dino.loss(model, { center: old }, views, { step: 0, config, rng: mulberry32(1) });
    const t = headLogits(model.teacher.head, encoderForward(model.teacher.encoder, tf.concat([views.v1, views.v2]), true));
    const s = headLogits(model.student.head, studentFeatures(model.student, views).cls);
    const want = naive.crossViewLoss((await s.array()) as number[][], naive.centredTargets((await t.array()) as number[][], Array(config.prototypes).fill(0.05), config.teacherTemp), 3, config.studentTemp);
    expect((await out.loss.data())[0]).toBeCloseTo(want.loss, 4);
    const mean = (await tf.mean(t, 0).data()) as Float32Array;
    const got = (await out.state.center.data()) as Float32Array;
    mean.forEach((m, k) => expect(got[k]).toBeCloseTo(0.9 * 0.05 + 0.1 * m, 5));
    expect(Array.from(await old.data()).every((v) => Math.abs(v - 0.05) < 1e-7)).toBe(true);
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
