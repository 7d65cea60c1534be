import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../scripts/node-env';
import { bmm, conv3x3, conv3x3FilterGrad, conv3x3s2InputGrad, gatherRows, mm } from './ops';

const PAD: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [1, 1], [1, 1], [0, 0]];
const maxRel = (a: Float32Array | Int32Array | Uint8Array, b: Float32Array | Int32Array | Uint8Array) => {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    err = Math.max(err, Math.abs(a[i] - b[i]));
  }
  return err / scale;
};

/** The gradients tfjs's own conv kernels give (the cpu backend has them all). */
async function nativeGrads(x: number[], w: number[], xs: number[], ws: number[], dy: number[], stride: 1 | 2) {
  await tf.setBackend('cpu');
  const dyShape = tf.conv2d(tf.tensor4d(x, xs as never), tf.tensor4d(w, ws as never), stride, PAD).shape;
  const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, PAD), tf.tensor(dy, dyShape)).sum())([
    tf.tensor(x, xs),
    tf.tensor(w, ws),
  ]);
  return { dx: await gx.data(), dw: await gw.data(), dyShape };
}

describe('conv gradients without Conv2DBackpropFilter', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  for (const [h, c, co, stride] of [
    [8, 3, 4, 2],
    [6, 5, 3, 2],
    [5, 2, 3, 1],
  ] as const) {
    it(`match the native gradients (${h}×${h}×${c} → ${co}, stride ${stride})`, async () => {
      const xs = [2, h, h, c];
      const ws = [3, 3, c, co];
      const rand = (n: number, s: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + s) * 0.5);
      const x = rand(2 * h * h * c, 1);
      const w = rand(9 * c * co, 2);
      const ho = Math.floor((h + 2 - 3) / stride) + 1;
      const dy = rand(2 * ho * ho * co, 3);
      const ref = await nativeGrads(x, w, xs, ws, dy, stride);

      // the same gradients through conv3x3's customGrad on wasm (which lacks the native kernel)
      await tf.setBackend('wasm');
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.mul(conv3x3(a as tf.Tensor4D, b as tf.Tensor4D, stride), tf.tensor(dy, ref.dyShape)).sum())([
        tf.tensor(x, xs),
        tf.tensor(w, ws),
      ]);
      expect(maxRel(await gw.data(), ref.dw)).toBeLessThan(1e-4);
      expect(maxRel(await gx.data(), ref.dx)).toBeLessThan(1e-4);
    });
  }

  it('the sub-pixel input gradient and im2col filter gradient agree with conv2dTranspose / native on cpu', async () => {
    await tf.setBackend('cpu');
    const x = tf.randomNormal([3, 8, 8, 4], 0, 1, 'float32', 5) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 4, 6], 0, 1, 'float32', 6) as tf.Tensor4D;
    const dy = tf.randomNormal([3, 4, 4, 6], 0, 1, 'float32', 7) as tf.Tensor4D;
    const dxRef = tf.conv2dTranspose(dy, w, [3, 8, 8, 4], 2, PAD as never);
    expect(maxRel(await conv3x3s2InputGrad(dy, w).data(), await dxRef.data())).toBeLessThan(1e-5);
    const dwRef = tf.grad((ww: tf.Tensor) => tf.mul(tf.conv2d(x, ww as tf.Tensor4D, 2, PAD), dy).sum())(w);
    expect(maxRel(await conv3x3FilterGrad(x, dy, 2).data(), await dwRef.data())).toBeLessThan(1e-5);
  });

  it('with bias and ReLU fused: gradients for x, w and b match relu(conv + b) on the cpu backend', async () => {
    const grads = async (backend: string, fused: boolean) => {
      await tf.setBackend(backend);
      const x = tf.tensor4d(Array.from({ length: 2 * 8 * 8 * 3 }, (_, i) => Math.sin(i * 0.7)), [2, 8, 8, 3]);
      const w = tf.tensor4d(Array.from({ length: 9 * 3 * 4 }, (_, i) => Math.cos(i * 1.3) * 0.4), [3, 3, 3, 4]);
      const b = tf.tensor1d([0.1, -0.2, 0.05, 0]);
      const f = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => {
        const y = fused ? conv3x3(p as tf.Tensor4D, q as tf.Tensor4D, 2, true, r as tf.Tensor1D, true) : tf.relu(tf.add(tf.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, 2, PAD), r));
        return tf.mul(y, tf.linspace(-1, 1, y.size).reshape(y.shape)).sum();
      };
      return Promise.all(tf.grads(f)([x, w, b]).map((g) => g.data()));
    };
    const ref = await grads('cpu', false);
    const got = await grads('wasm', true);
    got.forEach((g, i) => expect(maxRel(g, ref[i])).toBeLessThan(1e-4));
  });

  it('mm has the gradients of matMul', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([0.5, -1, 2, 0, 1, 3], [3, 2]);
    const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.square(mm(p as tf.Tensor2D, q as tf.Tensor2D)).sum())([a, b]);
    const [ra, rb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.square(tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D)).sum())([a, b]);
    expect(Array.from(await ga.data())).toEqual(Array.from(await ra.data()));
    expect(Array.from(await gb.data())).toEqual(Array.from(await rb.data()));
  });
});

describe('attention and gather ops on wasm', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('bmm (per-item matMuls, both sizes of item) has the values and gradients of tf.matMul', async () => {
    for (const [n, m, k, p] of [
      [6, 65, 16, 65], // attention-sized items: N 2-D matMuls
      [5, 17, 8, 17], // local-crop items: wasm's batched kernel
    ]) {
      const a = tf.randomNormal([n, m, k], 0, 1, 'float32', 1) as tf.Tensor3D;
      const b = tf.randomNormal([n, k, p], 0, 1, 'float32', 2) as tf.Tensor3D;
      const w = tf.randomNormal([n, m, p], 0, 1, 'float32', 3);
      const f = (g: (x: tf.Tensor3D, y: tf.Tensor3D) => tf.Tensor) => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(g(x as tf.Tensor3D, y as tf.Tensor3D), w)))([a, b]);
      const [ga, gb] = f(bmm);
      const [wa, wb] = f((x, y) => tf.matMul(x, y));
      expect(maxRel(await bmm(a, b).data(), await tf.matMul(a, b).data())).toBeLessThan(1e-5);
      expect(maxRel(await ga.data(), await wa.data())).toBeLessThan(1e-5);
      expect(maxRel(await gb.data(), await wb.data())).toBeLessThan(1e-5);
    }
  });

  it('gatherRows: rows by index, and a gradient that lands on exactly those rows', async () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    const idx = Int32Array.from([3, 1]);
    expect(await gatherRows(x, idx).array()).toEqual([
      [7, 8],
      [3, 4],
    ]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t as tf.Tensor2D, idx), tf.tensor2d([[1, 2], [3, 4]]))))(x);
    expect(await g.array()).toEqual([
      [0, 0],
      [3, 4],
      [0, 0],
      [1, 2],
    ]);
  });

  it('the heap-view Slice, Unpack and SplitV kernels give what the arrays say', async () => {
    const vals = Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const x = tf.tensor3d(vals, [2, 3, 4]);
    expect(await tf.slice(x, [1, 0, 0], [1, 3, 4]).data()).toEqual(Float32Array.from(vals.slice(12)));
    expect(await tf.slice(x, [0, 1, 1], [2, 1, 2]).array()).toEqual([[[5, 6]], [[17, 18]]]); // non-contiguous: the original path
    const parts = tf.unstack(x);
    expect(parts.map((p) => p.shape)).toEqual([
      [3, 4],
      [3, 4],
    ]);
    expect(await parts[1].data()).toEqual(Float32Array.from(vals.slice(12)));
    const [s1, s2] = tf.split(x.reshape([6, 4]), [2, 4], 0);
    expect(await s1.data()).toEqual(Float32Array.from(vals.slice(0, 8)));
    expect(await s2.data()).toEqual(Float32Array.from(vals.slice(8)));
    expect(await tf.split(x, 2, 2)[1].array()).toEqual([[[2, 3], [6, 7], [10, 11]], [[14, 15], [18, 19], [22, 23]]]); // inner axis: original path
  });
});
