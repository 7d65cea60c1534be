import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../scripts/node-env';
import { batchNorm, batchNormForward } from './layers';

/** BatchNorm written plainly from its definition, differentiated by tfjs itself (the oracle). */
function plainBn(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
}

describe('BatchNorm (matMul reductions, hand-written backward)', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('matches the plain definition in value and in the gradients for x, γ and β; updates running stats', async () => {
    const x = tf.tensor4d(Array.from({ length: 3 * 4 * 4 * 5 }, (_, i) => Math.sin(i * 0.37) * 2 + (i % 5)), [3, 4, 4, 5]);
    const w = tf.tensor4d(Array.from({ length: 3 * 4 * 4 * 5 }, (_, i) => Math.cos(i * 0.11)), [3, 4, 4, 5]);
    const bn = batchNorm(5, 'bn');
    bn.gamma.assign(tf.tensor1d([1, 2, 0.5, -1, 1.5]));
    bn.beta.assign(tf.tensor1d([0, 0.1, -0.2, 0.3, 0]));
    const ours = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(batchNormForward({ ...bn, gamma: g as tf.Variable, beta: b as tf.Variable }, a, true), w)),
    )([x, bn.gamma, bn.beta]);
    const ref = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(plainBn(a, g, b), w)))([x, bn.gamma, bn.beta]);
    for (let i = 0; i < 3; i++) {
      const [o, r] = [await ours[i].data(), await ref[i].data()];
      o.forEach((v, j) => expect(v).toBeCloseTo(r[j], 3));
    }
    const y = await batchNormForward(bn, x, true).data();
    const yRef = await plainBn(x, bn.gamma, bn.beta).data();
    y.forEach((v, j) => expect(v).toBeCloseTo(yRef[j], 4));
    // two training passes so far, each moving the running mean 10% of the way to the batch mean
    const batchMean = await tf.moments(x, [0, 1, 2]).mean.data();
    const rm = await bn.mean.data();
    rm.forEach((v, j) => expect(v).toBeCloseTo((1 - 0.9 ** 2) * batchMean[j], 4));
  });

  it('evaluation mode uses the running statistics', async () => {
    const bn = batchNorm(2, 'bn');
    bn.mean.assign(tf.tensor1d([1, -1]));
    bn.variance.assign(tf.tensor1d([4, 1]));
    const y = await batchNormForward(bn, tf.tensor2d([[3, 0]]), false).data();
    expect(y[0]).toBeCloseTo(1, 3);
    expect(y[1]).toBeCloseTo(1, 3);
  });
});
