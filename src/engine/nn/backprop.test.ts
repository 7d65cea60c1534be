import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../scripts/node-env';
import { freeAsBackpropGoes } from './backprop';

/**
 * A chain of `depth` layers, each relu(x W + b), with a tensor used twice (a residual), and a
 * custom gradient at each layer that notes how many bytes are alive whenever it runs (a point in
 * the backward pass).
 */
function chain(depth: number, width: number, peak: { bytes: number }) {
  const weights = Array.from({ length: depth }, (_, i) => tf.variable(tf.randomNormal([width, width], 0, 0.1, 'float32', 11 + i)));
  const biases = Array.from({ length: depth }, (_, i) => tf.variable(tf.randomNormal([width], 0, 0.1, 'float32', 51 + i)));
  const watch = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return {
      value: tf.clone(x),
      gradFunc: (dy: tf.Tensor) => {
        peak.bytes = Math.max(peak.bytes, tf.memory().numBytes);
        return [tf.clone(dy)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const loss = (input: tf.Tensor2D) => () => {
    let x: tf.Tensor = input;
    for (let i = 0; i < depth; i++) {
      const h = tf.relu(tf.add(tf.matMul(x as tf.Tensor2D, weights[i]), biases[i]));
      x = watch(tf.add(h, tf.mul(x, 0.5))) as tf.Tensor;
    }
    return tf.mean(tf.square(x)) as tf.Scalar;
  };
  return { vars: [...weights, ...biases], loss };
}

async function gradsOf(on: boolean) {
  freeAsBackpropGoes(on);
  const peak = { bytes: 0 };
  const { vars, loss } = chain(6, 64, peak);
  const input = tf.randomNormal([256, 64], 0, 1, 'float32', 3) as tf.Tensor2D;
  const before = tf.memory().numTensors;
  const { value, grads } = tf.variableGrads(loss(input), vars);
  const after = tf.memory().numTensors;
  const out = { loss: await value.data(), grads: await Promise.all(vars.map((v) => grads[v.name].data())), peak: peak.bytes, kept: after - before };
  tf.dispose([value, ...Object.values(grads), input, ...vars]);
  return out;
}

describe('the backward pass that frees as it goes', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });
  afterAll(() => freeAsBackpropGoes(true));

  it('gives the very values of tfjs own backward pass, keeps nothing but the gradients, and holds less memory while it runs', async () => {
    const own = await gradsOf(false);
    const freeing = await gradsOf(true);
    expect(Array.from(freeing.loss)).toEqual(Array.from(own.loss));
    freeing.grads.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(own.grads[i])));
    // what stays after the call: the loss and one gradient per variable, in both
    expect(freeing.kept).toBe(12 + 1);
    expect(own.kept).toBe(12 + 1);
    // tfjs holds every saved activation and every gradient to the end; this frees them layer by layer
    expect(freeing.peak).toBeLessThan(0.8 * own.peak);
  });
});
