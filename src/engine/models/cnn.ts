// The lab's small CNN: conv 3→32→64→128, 3×3, stride 2, ReLU, global average pool → h (128).
// The same encoder as the PyTorch reference runs (docs/reference-runs.md).
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import { batchNorm, batchNormForward, collectVars, constVar, heNormal, type BatchNorm } from '../nn/layers';
import { conv3x3, spatialMean } from '../nn/ops';

export const CNN_WIDTHS = [32, 64, 128] as const;

export interface CnnEncoder {
  kind: 'cnn';
  convs: { w: tf.Variable; b?: tf.Variable; bn?: BatchNorm }[];
  outDim: number;
}

export function createCnn(rng: Rng, useBatchNorm: boolean): CnnEncoder {
  let cin = 3;
  const convs = CNN_WIDTHS.map((cout, i) => {
    const layer = {
      w: heNormal(rng, [3, 3, cin, cout], 9 * cin, `conv${i}.w`),
      // a bias is redundant before BatchNorm's own shift
      b: useBatchNorm ? undefined : constVar(0, [cout], `conv${i}.b`),
      bn: useBatchNorm ? batchNorm(cout, `conv${i}.bn`) : undefined,
    };
    cin = cout;
    return layer;
  });
  return { kind: 'cnn', convs, outDim: cin };
}

/** x: [B, 32, 32, 3] in [0, 1] → h: [B, 128]. */
export function cnnForward(enc: CnnEncoder, x: tf.Tensor4D, training: boolean): tf.Tensor2D {
  let y: tf.Tensor4D = tf.sub(x, 0.5);
  enc.convs.forEach((l, i) => {
    if (l.bn) {
      y = conv3x3(y, l.w as tf.Tensor4D, 2, i > 0);
      y = tf.relu(batchNormForward(l.bn, y, training)) as tf.Tensor4D;
    } else {
      y = conv3x3(y, l.w as tf.Tensor4D, 2, i > 0, l.b as tf.Tensor1D, true); // bias and ReLU fused
    }
  });
  return spatialMean(y);
}

export const cnnVars = (enc: CnnEncoder) => collectVars(enc.convs);

/** Multiply-adds of one forward pass per image, for FLOP accounting in the benchmark. */
export function cnnMacsPerImage(size = 32): number {
  let macs = 0;
  let s = size;
  let cin = 3;
  for (const cout of CNN_WIDTHS) {
    s /= 2;
    macs += s * s * cout * 9 * cin;
    cin = cout;
  }
  return macs;
}
