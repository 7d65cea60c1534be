import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../scripts/node-env';
import { mulberry32 } from '../rng';
import { GRID, createVit, vitForward, vitVars } from './vit';

describe('tiny ViT', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('gives h, and CLS→patch attention per head that is a part of a softmax row', async () => {
    const enc = createVit(mulberry32(1), { width: 32, depth: 2, heads: 4 });
    const x = tf.randomUniform([3, 32, 32, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const { h, attention: att } = vitForward(enc, x, undefined, true);
    const attention = att!;
    expect(h.shape).toEqual([3, 32]);
    expect(attention.shape).toEqual([3, 4, GRID * GRID]);
    const sums = (await tf.sum(attention, 2).data()) as Float32Array;
    sums.forEach((s) => {
      expect(s).toBeGreaterThan(0.5); // most of the CLS row's mass is on patches (1/65 is on itself at init)
      expect(s).toBeLessThan(1 + 1e-5);
    });
  });

  it('every parameter gets a finite, non-zero gradient on wasm, and tensors do not leak', async () => {
    const enc = createVit(mulberry32(3), { width: 32, depth: 2, heads: 4 });
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const vars = vitVars(enc);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.sum(tf.square(vitForward(enc, x).h)) as tf.Scalar), vars);
    for (const v of vars) {
      const g = await grads[v.name].data();
      expect(g.every(Number.isFinite), v.name).toBe(true);
      expect(Math.max(...g.map(Math.abs)), v.name).toBeGreaterThan(0);
    }
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
