import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend, nodeBytes } from '../../../scripts/node-env';
import { defaultConfig } from '../../config/schema';
import { mulberry32 } from '../rng';
import { applyViews, sampleViewParams, toTensor } from './augment';
import { loadDataset } from './index';
import { MNIST_TEST, MNIST_TRAIN } from './mnist';
import { generateShapes, SHAPE_CLASSES, shapesDataset, shapesOnDemand } from './shapes';
import { subset } from './types';

const hash = (a: Uint8Array) => createHash('sha256').update(a).digest('hex');

describe('Shapes-10', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = generateShapes(50, 4);
    expect(hash(generateShapes(50, 4).pixels)).toBe(hash(a.pixels));
    expect(hash(generateShapes(50, 5).pixels)).not.toBe(hash(a.pixels));
  });
  it('gives the very images every measured run was made on, at every level (pinned: any change to the drawing shows here)', () => {
    // sha256 of pixels, masks and labels of the first 300 training images, as the generator drew them
    // when the README's and lessons' runs were made (commit 8300270)
    const PINNED = {
      easy: 'f9ef57e6f7bbc14b80d2ab390eb717879d1849ee6dbf5cc18f81b58928cbb060',
      mixed: '3223d59b7631f0b62dbe2c52ea5907f7d37538d68458bc25ab0ca329e1c06a47',
      distract: '39729143e62a9a055fde0fe0511593c45370841d9c44670886c4db7641e3ba67',
      clutter: '54cf5725649a31d3ae705fb7aeca1a42f7df8b530500be38841d735b0763a1e0',
    };
    for (const [level, want] of Object.entries(PINNED)) {
      const s = generateShapes(300, 1001, level as keyof typeof PINNED);
      expect(createHash('sha256').update(s.pixels).update(s.masks!).update(s.labels).digest('hex'), level).toBe(want);
    }
  });

  it('the distract set, whole (the DINO-family lessons’ images), is the one their runs were made on; its held-out split too', () => {
    // sha256 (first 20 hex digits) of the full splits as drawn at commit b766e7a, before the drawing got faster
    const ds = shapesDataset('distract');
    const digest = (s: { pixels: Uint8Array; masks?: Uint8Array; labels: Uint8Array }) => createHash('sha256').update(s.pixels).update(s.masks!).update(s.labels).digest('hex').slice(0, 20);
    expect(digest(ds.train)).toBe('101dcd99fe698bc0f979');
    expect(ds.test.n).toBe(2000);
    expect(digest(ds.test)).toBe('571c5b3b599a7c75d3f3');
    expect(ds.test.pixels).toBe(ds.test.pixels); // drawn once, then kept
  });

  it('drawn on demand, image by image in any order, the images are the ones drawn all at once', () => {
    for (const level of ['easy', 'mixed', 'distract', 'clutter'] as const) {
      const whole = generateShapes(120, 1001, level);
      const lazy = shapesOnDemand(120, 1001, level);
      expect(lazy.labels).toEqual(whole.labels); // known before any image is drawn
      const order = [117, 3, 64, 3, 0, 119, 58];
      const batch = subset(lazy, order);
      expect(hash(batch.pixels), level).toBe(hash(subset(whole, order).pixels));
      expect(hash(batch.masks!), level).toBe(hash(subset(whole, order).masks!));
      // and the rest, read whole afterwards, around the rows already drawn
      expect(hash(lazy.pixels), level).toBe(hash(whole.pixels));
      expect(hash(lazy.masks!), level).toBe(hash(whole.masks!));
    }
  });

  it('a stream resumed from its state() goes on as the stream itself does', () => {
    const a = mulberry32(9);
    for (let i = 0; i < 10; i++) a();
    const b = mulberry32(a.state());
    expect([b(), b(), b()]).toEqual([a(), a(), a()]);
  });

  it('a stream that skips n draws is where n draws would have left it', () => {
    const a = mulberry32(77);
    const b = mulberry32(77);
    for (let i = 0; i < 3072 + 5; i++) a();
    b.skip(3072);
    for (let i = 0; i < 5; i++) b();
    expect(b()).toBe(a());
  });

  it('is class-balanced, and every image has its shape in its mask', () => {
    for (const level of ['easy', 'mixed', 'distract', 'clutter'] as const) {
      const s = generateShapes(200, 9, level);
      const counts = new Array(SHAPE_CLASSES.length).fill(0);
      s.labels.forEach((l) => counts[l]++);
      expect(counts).toEqual(new Array(10).fill(20));
      for (let i = 0; i < s.n; i++) {
        const covered = s.masks!.subarray(i * 1024, (i + 1) * 1024).filter((m) => m > 127).length;
        expect(covered).toBeGreaterThan(level === 'clutter' ? 4 : 20);
        expect(covered).toBeLessThan(1024);
      }
    }
  });
});

describe('Shapes-10 levels for the attention lesson', () => {
  const N = 200;
  const easy = generateShapes(N, 9, 'easy');
  const outside = (set: ReturnType<typeof generateShapes>, i: number) => {
    const px: number[] = [];
    for (let p = 0; p < 1024; p++) if (set.masks![i * 1024 + p] === 0) px.push((set.pixels[i * 3072 + p * 3] + set.pixels[i * 3072 + p * 3 + 1] + set.pixels[i * 3072 + p * 3 + 2]) / 3);
    return px;
  };
  const meanOf = (xs: number[]) => xs.reduce((a, v) => a + v, 0) / xs.length;

  it("mixed: easy's shapes, about half of the images in negative (pale background)", () => {
    const mixed = generateShapes(N, 9, 'mixed');
    expect(hash(mixed.masks!)).toBe(hash(easy.masks!));
    expect(Array.from(mixed.labels)).toEqual(Array.from(easy.labels));
    let negative = 0;
    for (let i = 0; i < N; i++) {
      const same = mixed.pixels.subarray(i * 3072, (i + 1) * 3072).every((v, k) => v === easy.pixels[i * 3072 + k]);
      const inverted = mixed.pixels.subarray(i * 3072, (i + 1) * 3072).every((v, k) => v === 255 - easy.pixels[i * 3072 + k]);
      expect(same || inverted).toBe(true);
      if (inverted) {
        negative++;
        expect(meanOf(outside(mixed, i))).toBeGreaterThan(180);
      }
    }
    expect(negative / N).toBeGreaterThan(0.4);
    expect(negative / N).toBeLessThan(0.6);
  });

  it("distract: easy's shapes and masks, plus pale strokes outside them, on the same dark background", () => {
    const d = generateShapes(N, 9, 'distract');
    expect(hash(d.masks!)).toBe(hash(easy.masks!));
    let withStrokes = 0;
    for (let i = 0; i < N; i++) {
      const bgEasy = outside(easy, i);
      const bg = outside(d, i);
      // pale pixels outside the object, where easy has none
      if (bg.filter((v) => v > 150).length > 3) withStrokes++;
      expect(bgEasy.filter((v) => v > 150).length).toBe(0);
      expect(meanOf(bg)).toBeLessThan(110);
    }
    expect(withStrokes / N).toBeGreaterThan(0.9);
  });
});

describe('MNIST', () => {
  it('loads 8,000 training and 2,000 held-out digits, padded to 32×32 with an empty border', async () => {
    const ds = await loadDataset({ ...defaultConfig(), dataset: 'mnist' }, nodeBytes);
    expect(ds.train.n).toBe(MNIST_TRAIN);
    expect(ds.test.n).toBe(MNIST_TEST);
    expect(ds.train.pixels.length).toBe(MNIST_TRAIN * 1024);
    const first = ds.train.pixels.subarray(0, 1024);
    for (let x = 0; x < 32; x++) expect(first[x] + first[31 * 32 + x] + first[x * 32] + first[x * 32 + 31]).toBe(0);
    expect(Math.max(...first)).toBeGreaterThan(200);
    expect(new Set(ds.test.labels).size).toBe(10);
  });
});

describe('augmentations', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });
  const img = () => toTensor(generateShapes(2, 3, 'clutter').pixels, 2, 3);
  const none = { ...defaultConfig(), crop: false, flip: false, colorJitter: false, grayscale: false, blur: false };

  it('all off: the views are the images', async () => {
    const x = img();
    const p = [0, 1].map(() => sampleViewParams(mulberry32(1), none));
    const v = applyViews(x, p);
    expect(Math.max(...(await tf.abs(tf.sub(v, x)).data()))).toBeLessThan(1e-5);
  });
  it('DINO-style local crops: areas within the range asked for, resized to 16×16', async () => {
    const r = mulberry32(5);
    const c = { ...defaultConfig(), flip: false, colorJitter: false, grayscale: false };
    const params = Array.from({ length: 200 }, () => sampleViewParams(r, c, [0.05, 0.4]));
    for (const p of params) {
      const area = (p.box[2] - p.box[0]) * (p.box[3] - p.box[1]);
      expect(area).toBeGreaterThanOrEqual(0.05 - 1e-9);
      expect(area).toBeLessThanOrEqual(0.4 + 1e-9);
    }
    expect(applyViews(img(), params.slice(0, 4), 16).shape).toEqual([4, 16, 16, 3]);
  });

  it('a flipped box mirrors the image', async () => {
    const x = img();
    const p = [0, 1].map(() => ({ ...sampleViewParams(mulberry32(1), none), box: [0, 1, 1, 0] as [number, number, number, number] }));
    const v = applyViews(x, p);
    expect(Math.max(...(await tf.abs(tf.sub(v, tf.reverse(x, 2))).data()))).toBeLessThan(1e-5);
  });
  it('grayscale views have three equal channels; jitter changes colours within [0, 1]', async () => {
    const x = img();
    const gray = applyViews(x, [0, 1].map(() => ({ ...sampleViewParams(mulberry32(1), none), gray: true })));
    const [r, g, b] = tf.split(gray, 3, 3);
    expect(Math.max(...(await tf.abs(tf.sub(r, g)).data()), ...(await tf.abs(tf.sub(g, b)).data()))).toBeLessThan(1e-5);
    const jit = applyViews(x, [0, 1].map(() => ({ ...sampleViewParams(mulberry32(1), none), brightness: 1.3, contrast: 0.7, saturation: 1.5, hue: 0.1 })));
    const d = await jit.data();
    expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...d)).toBeLessThanOrEqual(1);
    expect(Math.max(...(await tf.abs(tf.sub(jit, x)).data()))).toBeGreaterThan(0.05);
  });
  it('blur keeps the mean and lowers the local variation', async () => {
    const x = img();
    const v = applyViews(x, [0, 1].map(() => ({ ...sampleViewParams(mulberry32(1), none), sigma: 1.5 })));
    const tv = async (t: tf.Tensor4D) => (await tf.abs(tf.sub(tf.slice(t, [0, 1, 0, 0], [-1, 31, -1, -1]), tf.slice(t, [0, 0, 0, 0], [-1, 31, -1, -1]))).mean().data())[0];
    expect(await tv(v)).toBeLessThan(0.8 * (await tv(x)));
    expect(Math.abs((await v.mean().data())[0] - (await x.mean().data())[0])).toBeLessThan(0.01);
  });
  it('crop parameters respect the minimum area and the aspect range', () => {
    const rng = mulberry32(2);
    for (let i = 0; i < 500; i++) {
      const { box } = sampleViewParams(rng, { ...none, crop: true, cropMinScale: 0.3 });
      const h = box[2] - box[0];
      const w = Math.abs(box[3] - box[1]);
      expect(h * w).toBeGreaterThanOrEqual(0.3 - 1e-9);
      expect(w / h).toBeGreaterThan(0.74);
      expect(w / h).toBeLessThan(1.34);
      expect(Math.min(...box)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...box)).toBeLessThanOrEqual(1);
    }
  });
});
