import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../scripts/node-env';
import { mulberry32 } from '../rng';
import { linearProbe, PROBE_DEFAULTS, rotate90 } from './linearProbe';

const gauss = (rng: () => number) => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());

function blobs(n: number, d: number, classes: number, spread: number, seed: number) {
  const rng = mulberry32(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: d }, () => gauss(rng) * 3));
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % classes;
    for (let j = 0; j < d; j++) x[i * d + j] = centres[y[i]][j] + spread * gauss(rng) + 100; // an offset the standardisation removes
  }
  return { x, y };
}

describe('linear probe', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('separates well-separated classes, and scores chance on labels that carry nothing', async () => {
    const tr = blobs(400, 16, 4, 0.5, 1);
    const te = blobs(200, 16, 4, 0.5, 1); // same centres (same seed), other noise draws below
    const te2 = { x: te.x.map((v, i) => v + 0.3 * Math.sin(i)), y: te.y };
    const start = tf.memory().numTensors;
    expect(await linearProbe(tr.x, tr.y, te2.x, te2.y, 16, { ...PROBE_DEFAULTS, numClasses: 4 })).toBeGreaterThan(0.95);
    const rng = mulberry32(5);
    const noise = (n: number) => Float32Array.from({ length: n * 16 }, () => gauss(rng));
    const randY = (n: number) => Int32Array.from({ length: n }, () => Math.floor(rng() * 4));
    const acc = await linearProbe(noise(400), randY(400), noise(2000), randY(2000), 16, { ...PROBE_DEFAULTS, numClasses: 4 });
    expect(acc).toBeGreaterThan(0.18);
    expect(acc).toBeLessThan(0.32);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('rotates by quarter turns: four turns give the image back, one turn moves the top-left corner to the bottom-left', () => {
    const size = 32;
    const img = new Uint8Array(size * size * 3).map((_, i) => i % 251);
    const once = rotate90(img, 1, 3, [1]);
    // anticlockwise: the top-left pixel (0, 0) lands at the bottom-left (0, 31)
    expect(Array.from(once.subarray((31 * size + 0) * 3, (31 * size + 0) * 3 + 3))).toEqual(Array.from(img.subarray(0, 3)));
    let back: Uint8Array = img;
    for (let t = 0; t < 4; t++) back = rotate90(back, 1, 3, [1]);
    expect(Array.from(back)).toEqual(Array.from(img));
    expect(Array.from(rotate90(img, 1, 3, [2]))).toEqual(Array.from(rotate90(once, 1, 3, [1])));
    expect(Array.from(rotate90(img, 1, 3, [0]))).toEqual(Array.from(img));
  });
});
