// MLP heads: SimCLR's projection head g (and, later, BYOL's projector and predictor).
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import { batchNorm, batchNormForward, collectVars, dense, denseForward, type BatchNorm, type Dense } from '../nn/layers';

export interface Mlp {
  layers: { fc: Dense; bn?: BatchNorm }[];
}

/** dims [in, hidden…, out]: Linear → (BN) → ReLU between layers, a plain Linear at the end. */
export function createMlp(rng: Rng, dims: number[], useBatchNorm: boolean, name: string): Mlp {
  const layers = dims.slice(1).map((out, i) => {
    const last = i === dims.length - 2;
    return {
      fc: dense(rng, dims[i], out, `${name}.fc${i}`, last || !useBatchNorm),
      bn: !last && useBatchNorm ? batchNorm(out, `${name}.bn${i}`) : undefined,
    };
  });
  return { layers };
}

export function mlpForward(m: Mlp, x: tf.Tensor2D, training: boolean): tf.Tensor2D {
  let y = x;
  m.layers.forEach((l, i) => {
    y = denseForward(l.fc, y);
    if (i < m.layers.length - 1) {
      if (l.bn) y = batchNormForward(l.bn, y, training) as tf.Tensor2D;
      y = tf.relu(y);
    }
  });
  return y;
}

export const mlpVars = (m: Mlp) => collectVars(m.layers);
