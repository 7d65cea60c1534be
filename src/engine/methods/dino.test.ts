import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../scripts/node-env';
import { mulberry32, normal } from '../rng';
import { dinoLoss } from './dino';
import { koleo } from './dinov2';

const softmax = (v: number[]) => {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

describe('DINO and KoLeo, against loops written from the papers', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('DINO: CE over (teacher global, student crop ≠ same view) pairs; centre updated from raw teacher logits', async () => {
    const r = mulberry32(9);
    const N = 3, K = 5, crops = 4;
    const student = Array.from({ length: crops * N }, () => Array.from({ length: K }, () => normal(r)));
    const teacher = Array.from({ length: 2 * N }, () => Array.from({ length: K }, () => normal(r)));
    const center = [Array.from({ length: K }, () => normal(r) * 0.1)];
    let total = 0, terms = 0;
    for (let iq = 0; iq < 2; iq++)
      for (let v = 0; v < crops; v++) {
        if (v === iq) continue;
        let ce = 0;
        for (let b = 0; b < N; b++) {
          const q = softmax(teacher[iq * N + b].map((x, k) => (x - center[0][k]) / 0.04));
          const p = softmax(student[v * N + b].map((x) => x / 0.1));
          ce += -q.reduce((a, qk, k) => a + qk * Math.log(p[k]), 0) / N;
        }
        total += ce;
        terms++;
      }
    const out = dinoLoss(tf.tensor2d(student), tf.tensor2d(teacher), tf.tensor2d(center), crops, { teacherTemp: 0.04, studentTemp: 0.1, centerMomentum: 0.9 });
    expect((await out.loss.data())[0]).toBeCloseTo(total / terms, 3);
    const c = await out.center.data();
    for (let k = 0; k < K; k++) expect(c[k]).toBeCloseTo(0.9 * center[0][k] + (0.1 * teacher.reduce((a, row) => a + row[k], 0)) / (2 * N), 5);
    expect((await out.kl.data())[0]).toBeGreaterThanOrEqual(-1e-5);
  });

  it('KoLeo is −mean log(nearest-neighbour distance): equal spacing on a circle gives −log(chord)', async () => {
    const n = 8;
    const pts = Array.from({ length: n }, (_, i) => [Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]);
    const chord = 2 * Math.sin(Math.PI / n);
    expect((await koleo(tf.tensor2d(pts)).data())[0]).toBeCloseTo(-Math.log(chord), 4);
  });
});
