// The self-distillation losses that training calls, against naive loops written from the papers and
// their official code (scripts/lib/naive.ts): DINO's [CLS] term with centring and with Sinkhorn-Knopp
// targets, Sinkhorn-Knopp itself (rows and the column balance it exists for), KoLeo, and the
// teacher-temperature warm-up.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as naive from '../../../scripts/lib/naive';
import { nodeBackend } from '../../../scripts/node-env';
import { defaultConfig, type Config } from '../../config/schema';
import { mulberry32, normal } from '../rng';
import { koleo } from '../ops/koleo';
import { clsDistillLoss, sinkhornKnopp, SINKHORN_ITERATIONS, teacherTempAt } from './distill';

const randn = (seed: number, n: number, d: number, scale = 1) => {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => normal(r) * scale));
};
const cfg = (patch: Partial<Config> = {}): Config => ({ ...defaultConfig(), teacherTemp: 0.04, teacherTempStart: 0.04, teacherTempWarmup: 0, studentTemp: 0.1, centerMomentum: 0.9, centering: true, sinkhorn: false, ...patch });
const N = 5, K = 7, CROPS = 4;

beforeAll(async () => {
  await nodeBackend('wasm');
});

describe('DINO’s [CLS] term, as training computes it', () => {
  // head logits are cosines to the prototypes: in [−1, 1]
  const cosines = (x: number[][]) => x.map((r) => r.map(Math.tanh));
  const student = cosines(randn(1, CROPS * N, K));
  const teacher = cosines(randn(2, 2 * N, K));
  const center = randn(3, 1, K, 0.3);

  it('with centring: CE over (teacher global, other student crop) pairs of softmax((t − c)/τt) against log_softmax(s/τs)', async () => {
    const out = clsDistillLoss(tf.tensor2d(student), tf.tensor2d(teacher), tf.tensor2d(center), CROPS, cfg(), 0);
    const want = naive.crossViewLoss(student, naive.centredTargets(teacher, center[0], 0.04), CROPS, 0.1);
    expect((await out.loss.data())[0]).toBeCloseTo(want.loss, 4);
    expect((await out.teacherEntropy.data())[0]).toBeCloseTo(want.entropy, 4);
    expect((await out.kl.data())[0]).toBeCloseTo(want.loss - want.entropy, 4);
    // the centre after the step: 0.9·c + 0.1·(batch mean of the raw teacher logits)
    const c = await out.center.data();
    for (let k = 0; k < K; k++) expect(c[k]).toBeCloseTo(0.9 * center[0][k] + (0.1 * teacher.reduce((a, row) => a + row[k], 0)) / (2 * N), 5);
  });

  it('a different centre gives a different loss: the loss is computed with the centre it is handed', async () => {
    const a = clsDistillLoss(tf.tensor2d(student), tf.tensor2d(teacher), tf.tensor2d(center), CROPS, cfg(), 0);
    const shifted = [center[0].map((x, k) => x + 0.2 * Math.sin(3 * k))];
    const b = clsDistillLoss(tf.tensor2d(student), tf.tensor2d(teacher), tf.tensor2d(shifted), CROPS, cfg(), 0);
    const want = naive.crossViewLoss(student, naive.centredTargets(teacher, shifted[0], 0.04), CROPS, 0.1).loss;
    expect((await b.loss.data())[0]).toBeCloseTo(want, 4);
    expect(Math.abs((await b.loss.data())[0] - (await a.loss.data())[0])).toBeGreaterThan(0.01);
  });

  it('without centring: plain sharpened softmax targets, and the centre is handed back untouched', async () => {
    const c0 = tf.tensor2d(center);
    const out = clsDistillLoss(tf.tensor2d(student), tf.tensor2d(teacher), c0, CROPS, cfg({ centering: false }), 0);
    expect((await out.loss.data())[0]).toBeCloseTo(naive.crossViewLoss(student, naive.centredTargets(teacher, Array(K).fill(0), 0.04), CROPS, 0.1).loss, 4);
    expect(out.center).toBe(c0);
  });

  it('with Sinkhorn-Knopp targets (DINOv2): the same CE against the loop’s Sinkhorn-Knopp of the teacher logits, at τt', async () => {
    const out = clsDistillLoss(tf.tensor2d(student), tf.tensor2d(teacher), tf.tensor2d(center), CROPS, cfg({ sinkhorn: true, teacherTemp: 0.07, teacherTempStart: 0.07 }), 0);
    const want = naive.crossViewLoss(student, naive.sinkhorn(teacher, 0.07, SINKHORN_ITERATIONS), CROPS, 0.1);
    expect((await out.loss.data())[0]).toBeCloseTo(want.loss, 4);
    expect((await out.teacherEntropy.data())[0]).toBeCloseTo(want.entropy, 4);
  });
});

describe('Sinkhorn-Knopp', () => {
  // a teacher that prefers two of its prototypes for every image: softmax targets pile onto them
  const B = 32, KP = 8;
  const skewed = randn(4, B, KP, 0.5).map((row) => row.map((x, k) => x + (k < 2 ? 1.5 : 0)));
  const colShares = (q: number[][]) => Array.from({ length: KP }, (_, k) => q.reduce((a, row) => a + row[k], 0) / B);

  it('equals DINOv2’s loop, iteration for iteration', async () => {
    for (const iters of [1, 3, 10]) {
      const got = (await sinkhornKnopp(tf.tensor2d(skewed), 0.1, iters).array()) as number[][];
      const want = naive.sinkhorn(skewed, 0.1, iters);
      got.flat().forEach((v, i) => expect(v).toBeCloseTo(want.flat()[i], 5));
    }
  });

  it('balances the prototypes: each one’s share of the batch tends to 1/K, where softmax leaves them far apart; rows stay distributions', async () => {
    const soft = colShares(naive.centredTargets(skewed, Array(KP).fill(0), 0.1));
    const three = colShares((await sinkhornKnopp(tf.tensor2d(skewed), 0.1, 3).array()) as number[][]);
    const many = colShares((await sinkhornKnopp(tf.tensor2d(skewed), 0.1, 50).array()) as number[][]);
    const spread = (s: number[]) => Math.max(...s.map((x) => Math.abs(x * KP - 1)));
    expect(spread(soft)).toBeGreaterThan(0.5); // the skew is real: softmax gives the two favourites far more than 1/K
    expect(spread(three)).toBeLessThan(spread(soft) / 5); // three iterations already remove most of it
    expect(spread(many)).toBeLessThan(1e-3); // and the iteration converges to equal shares
    const rows = (await sinkhornKnopp(tf.tensor2d(skewed), 0.1, 3).array()) as number[][];
    rows.forEach((r) => expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
  });
});

describe('KoLeo', () => {
  it('equals the brute-force nearest-neighbour loop on random features', async () => {
    const x = randn(5, 12, 6);
    expect((await koleo(tf.tensor2d(x)).data())[0]).toBeCloseTo(naive.koleo(x), 4);
  });

  it('equal spacing on a circle gives −log(chord); pushing one pair together raises it', async () => {
    const n = 8;
    const pts = Array.from({ length: n }, (_, i) => [Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]);
    const even = (await koleo(tf.tensor2d(pts)).data())[0];
    expect(even).toBeCloseTo(-Math.log(2 * Math.sin(Math.PI / n)), 4);
    const close = pts.map((p, i) => (i === 1 ? [Math.cos(0.05), Math.sin(0.05)] : p));
    expect((await koleo(tf.tensor2d(close)).data())[0]).toBeGreaterThan(even + 0.3);
  });
});

describe('the teacher temperature’s warm-up', () => {
  it('is DINO’s np.linspace(start, end, W) over the first W steps, both ends included, then the end value', () => {
    const c = { teacherTempStart: 0.04, teacherTemp: 0.07, teacherTempWarmup: 4 };
    const got = Array.from({ length: 6 }, (_, s) => teacherTempAt(c, s));
    [0.04, 0.05, 0.06, 0.07, 0.07, 0.07].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 10));
    expect(teacherTempAt({ ...c, teacherTempWarmup: 0 }, 0)).toBe(0.07);
    expect(teacherTempAt({ ...c, teacherTempWarmup: 1 }, 0)).toBe(0.04);
  });
});
