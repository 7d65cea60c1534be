// The pieces the iBOT and DINOv2 lessons take apart: the patch loss switched off is DINO's loss on
// the same ViT; the per-patch inspection is the loss's own patch term; the trainer's patch-PCA,
// masked-patch and spread reports, without leaking tensors.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as naive from '../../../scripts/lib/naive';
import { nodeBackend } from '../../../scripts/node-env';
import { defaultConfig, type Config } from '../../config/schema';
import { generateShapes } from '../data/shapes';
import type { Dataset } from '../data/types';
import { headLogits } from '../models/dinoHead';
import { GRID, vitForward } from '../models/vit';
import { gatherRows } from '../nn/ops';
import { mulberry32 } from '../rng';
import { maskedReport, spread } from '../reports/distill';
import { patchPca } from '../reports/vit';
import { Trainer } from '../trainer';
import { dino } from './dino';
import { dinov2 } from './dinov2';
import { studentFeatures, teacherTargets } from './distill';
import { blockMasks } from '../data/masks';
import { ibot } from './ibot';
import { inspectMaskedPatches, maskedPatchLoss, maskedRows } from './maskedDistill';

const data = (): Dataset => ({ name: 'shapes', classNames: 'abcdefghij'.split(''), train: generateShapes(80, 31), test: generateShapes(40, 32), attribution: '' });
const tiny = (patch: Partial<Config> = {}): Config => ({
  ...defaultConfig(),
  backbone: 'vit', vitWidth: 16, vitDepth: 1, vitHeads: 2, batchSize: 4, prototypes: 16, localCrops: 1, steps: 50, batchNorm: false, ...patch,
});
const views = () => ({
  v1: tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D,
  v2: tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 2) as tf.Tensor4D,
  locals: tf.randomUniform([4, 16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor4D,
});

beforeAll(async () => {
  await nodeBackend('wasm');
});

describe('iBOT’s patch loss, on and off', () => {
  it('with the patch loss off, iBOT’s loss is DINO’s on the same model and crops, and its patch term is 0', async () => {
    const config = tiny({ patchLoss: false, maskProb: 1, maskRatioMin: 0.5, maskRatioMax: 0.5 });
    const { model, state } = ibot.create(mulberry32(3), config);
    const v = views();
    const a = ibot.loss(model, state, v, { step: 0, config, rng: mulberry32(1) });
    const b = dino.loss(model, { center: state.center }, v, { step: 0, config, rng: mulberry32(1) });
    expect((await a.aux.lossPatch.data())[0]).toBe(0);
    expect((await a.loss.data())[0]).toBeCloseTo((await b.loss.data())[0], 5);
    // and on: a patch term, and a different total
    const on = ibot.loss(model, state, v, { step: 0, config: { ...config, patchLoss: true }, rng: mulberry32(1) });
    expect((await on.aux.lossPatch.data())[0]).toBeGreaterThan(0.1);
    expect(Math.abs((await on.loss.data())[0] - (await a.loss.data())[0])).toBeGreaterThan(0.1);
  });

  for (const [name, method, tempOf] of [
    ['iBOT', ibot, (c: Config) => c.teacherPatchTemp],
    ['DINOv2', dinov2, (c: Config) => c.teacherTemp],
  ] as const) {
    it(`${name}: the per-patch inspection at the masked patches is the loss’s patch term, and the teacher’s top prototype is its target’s argmax`, async () => {
      const config = tiny({ centering: true });
      const { model, state } = method.create(mulberry32(5), config);
      const x = tf.randomUniform([3, 32, 32, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
      const masks = blockMasks(mulberry32(2), 3, { maskProb: 1, maskRatioMin: 0.3, maskRatioMax: 0.3 });
      const r = await inspectMaskedPatches(model, state, x, masks, config, 0, tempOf(config));
      // the same term the loss computes: student tokens of the masked image at the masked rows vs the teacher's targets
      const { rows, weights } = maskedRows(masks, 3);
      const expected = tf.tidy(() => {
        const head = model.student.patchHead ?? model.student.head;
        const tHead = model.teacher.patchHead ?? model.teacher.head;
        const s = vitForward(model.student.encoder as never, x, tf.tensor2d(masks, [3, GRID * GRID], 'float32')).tokens.reshape([-1, 16]) as tf.Tensor2D;
        const t = vitForward(model.teacher.encoder as never, x).tokens.reshape([-1, 16]) as tf.Tensor2D;
        const q = teacherTargets(headLogits(tHead, gatherRows(t, rows)), state.center2, tempOf(config), config);
        return maskedPatchLoss(headLogits(head, gatherRows(s, rows)), q, weights, config.studentTemp);
      });
      let perImage = 0;
      for (let i = 0; i < 3; i++) {
        let sum = 0, count = 0;
        for (let k = 0; k < 64; k++) if (masks[i * 64 + k]) (sum += r.loss[i * 64 + k]), count++;
        perImage += sum / count / 3;
      }
      expect(perImage).toBeCloseTo((await expected.data())[0], 4);
      expect(r.teacherTop.length).toBe(3 * 64);
      expect(Math.max(...r.teacherTop)).toBeLessThan(16);
      expect(Math.min(...r.teacherConfidence)).toBeGreaterThanOrEqual(1 / 16 - 1e-6);
      tf.dispose([x, expected]);
    });
  }
});

describe('DINOv2’s loss', () => {
  it('is the [CLS] term + the patch term + w·KoLeo, KoLeo taken per global crop on the student’s backbone CLS (as the loop computes it) and summed', async () => {
    const config = tiny({ koleoWeight: 0.3, maskProb: 0.5, maskRatioMin: 0.2, maskRatioMax: 0.4 });
    const { model, state } = dinov2.create(mulberry32(6), config);
    const v = views();
    const out = dinov2.loss(model, state, v, { step: 0, config, rng: mulberry32(8) });
    // the step draws its masks first from the rng it is handed: the same draw gives the student's masked CLS
    const masks = blockMasks(mulberry32(8), 8, config);
    const cls = (await studentFeatures(model.student, v, tf.tensor2d(masks, [8, GRID * GRID], 'float32')).globalCls.array()) as number[][];
    const ko = naive.koleo(cls.slice(0, 4)) + naive.koleo(cls.slice(4));
    const aux = Object.fromEntries(await Promise.all(Object.entries(out.aux).map(async ([k, t]) => [k, (await t.data())[0]] as const)));
    expect(aux.koleo).toBeCloseTo(ko, 4);
    expect(aux.lossPatch).toBeGreaterThan(0);
    expect((await out.loss.data())[0]).toBeCloseTo(aux.lossCls + aux.lossPatch + 0.3 * ko, 4);
  });
});

describe('the trainer’s reports for the iBOT and DINOv2 lessons', () => {
  it('patch PCA, masked patches and spread: the shapes they promise, masks at the asked ratio, nothing leaked', async () => {
    const tr = new Trainer('ibot', tiny({ batchNorm: true }), data());
    await tr.trainStep();
    const before = tf.memory().numTensors;
    const pca = (await patchPca(tr, 6, 20))!;
    expect(pca.rgb.length).toBe(6 * 64 * 3);
    expect(pca.foreground.length).toBe(6 * 64);
    expect(pca.jaccard).toBeGreaterThan(0);
    expect(pca.jaccard).toBeLessThanOrEqual(1);
    // background patches are black
    for (let k = 0; k < 6 * 64; k++) if (!pca.foreground[k]) expect(pca.rgb[3 * k] + pca.rgb[3 * k + 1] + pca.rgb[3 * k + 2]).toBe(0);
    const few = (await maskedReport(tr, 4, 0.2, 1))!;
    const many = (await maskedReport(tr, 4, 0.6, 1))!;
    const other = (await maskedReport(tr, 4, 0.6, 2))!;
    const hidden = (m: Uint8Array) => m.reduce((a, b) => a + b, 0);
    expect(hidden(few.masks)).toBeLessThan(hidden(many.masks));
    expect(many.maskedShare).toBeGreaterThan(0.45);
    expect(many.maskedShare).toBeLessThanOrEqual(0.6 + 1e-9);
    expect(Array.from(other.masks)).not.toEqual(Array.from(many.masks)); // resampled
    expect(Number.isFinite(many.maskedLoss)).toBe(true);
    expect(many.agreement).toBeGreaterThanOrEqual(0);
    const sp = await spread(tr, 30);
    expect(sp.nn.length).toBe(30);
    // the nearest-neighbour distances against a brute-force search on the same features
    const f = await tr.features({ ...tr.data.test, n: 30, pixels: tr.data.test.pixels.subarray(0, 30 * 32 * 32 * 3), labels: tr.data.test.labels.subarray(0, 30) });
    const d = f.dh;
    const unit = Array.from({ length: 30 }, (_, i) => {
      const v = Array.from(f.h.subarray(i * d, (i + 1) * d));
      const n = Math.hypot(...v);
      return v.map((e) => e / n);
    });
    const nn = unit.map((a, i) => Math.min(...unit.filter((_, j) => j !== i).map((b) => Math.hypot(...a.map((e, k) => e - b[k])))));
    nn.forEach((v, i) => expect(sp.nn[i]).toBeCloseTo(v, 4));
    expect(sp.koleo).toBeCloseTo(-nn.reduce((a, v) => a + Math.log(v + 1e-8), 0) / 30, 4);
    expect(tf.memory().numTensors).toBe(before);
    // the CNN has no patch tokens, DINO no masked patches
    const cnn = new Trainer('dino', { ...tiny(), backbone: 'cnn' }, data());
    expect(await patchPca(cnn, 4)).toBeNull();
    expect(await maskedReport(cnn, 4, 0.3, 1)).toBeNull();
    cnn.dispose();
    tr.dispose();
  });
});
