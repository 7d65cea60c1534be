// DINOv2's additions (Oquab et al. 2023, arXiv 2304.07193), as its code computes them
// (facebookresearch/dinov2@b8931f7 dinov2/loss/dino_clstoken_loss.py, koleo_loss.py).
import * as tf from '@tensorflow/tfjs';

/** Sinkhorn-Knopp teacher normalisation: [N, K] logits → [N, K] probabilities (rows sum to 1). */
export function sinkhornKnopp(teacher: tf.Tensor2D, temp: number, iterations = 3): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, k] = teacher.shape;
    let q = tf.transpose(tf.exp(tf.div(teacher, temp))) as tf.Tensor2D; // [K, B]
    q = tf.div(q, tf.sum(q));
    for (let i = 0; i < iterations; i++) {
      q = tf.div(tf.div(q, tf.sum(q, 1, true)), k); // rows: each prototype gets 1/K of the mass
      q = tf.div(tf.div(q, tf.sum(q, 0, true)), b); // columns: each sample 1/B
    }
    return tf.transpose(tf.mul(q, b)) as tf.Tensor2D;
  });
}

/**
 * KoLeo regulariser: −mean_i log(min_{j≠i} ‖x̂_i − x̂_j + ε‖ + ε) on ℓ2-normalised rows (ε = 1e-8,
 * placed as the reference code places it). Spreads features by pushing nearest neighbours apart.
 */
export function koleo(x: tf.Tensor2D, eps = 1e-8): tf.Scalar {
  return tf.tidy(() => {
    const n = x.shape[0];
    const xn = tf.div(x, tf.maximum(tf.norm(x, 2, 1, true), eps)) as tf.Tensor2D;
    const dots = tf.sub(tf.matMul(xn, xn, false, true), tf.mul(tf.eye(n), 3)); // self can never be the neighbour
    const nn = tf.gather(xn, tf.argMax(dots, 1));
    const dist = tf.norm(tf.add(tf.sub(xn, nn), eps), 2, 1);
    return tf.neg(tf.mean(tf.log(tf.add(dist, eps)))) as tf.Scalar;
  });
}
