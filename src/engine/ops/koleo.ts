// KoLeo (Sablayrolles et al. 2019), as DINOv2 applies it to the student's [CLS] features
// (facebookresearch/dinov2@b8931f7 dinov2/loss/koleo_loss.py). A differentiable op: DINOv2's loss
// trains on it and the spread report reads the same number off held-out features.
import * as tf from '@tensorflow/tfjs';
import { koleoFused } from '../nn/koleo-webgpu';
import { onWebgpu } from '../nn/webgpu-program';

/**
 * KoLeo regulariser: −mean_i log(min_{j≠i} ‖x̂_i − x̂_j + ε‖ + ε) on ℓ2-normalised rows (ε = 1e-8,
 * placed as the reference code places it). Spreads features by pushing nearest neighbours apart.
 */
export function koleo(x: tf.Tensor2D, eps = 1e-8): tf.Scalar {
  if (onWebgpu()) return koleoFused(x, eps);
  return tf.tidy(() => {
    const n = x.shape[0];
    const xn = tf.div(x, tf.maximum(tf.norm(x, 2, 1, true), eps)) as tf.Tensor2D;
    const dots = tf.sub(tf.matMul(xn, xn, false, true), tf.mul(tf.eye(n), 3)); // self can never be the neighbour
    // the neighbour as a one-hot matMul rather than a gather: its gradient needs no
    // UnsortedSegmentSum (missing on wasm), and the gradient reaches the neighbour too, as in torch
    const nn = tf.matMul(tf.oneHot(tf.argMax(dots, 1), n), xn);
    const dist = tf.norm(tf.add(tf.sub(xn, nn), eps), 2, 1);
    return tf.neg(tf.mean(tf.log(tf.add(dist, eps)))) as tf.Scalar;
  });
}
