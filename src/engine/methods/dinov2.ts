// DINOv2 at small scale (Oquab et al. 2023, arXiv 2304.07193): DINO's [CLS] loss plus iBOT's masked
// patch loss, with its additions, as its code computes them — KoLeo on the student's CLS features,
// Sinkhorn-Knopp in place of centering, untied heads, one teacher temperature for both terms
// (facebookresearch/dinov2@b8931f7 dinov2/loss/dino_clstoken_loss.py, koleo_loss.py).
import * as tf from '@tensorflow/tfjs';
import { GRID } from '../models/vit';
import { distillMembers, studentMacs, teacherMacs, type DistillModel } from './distill';
import { distillTeacherProbs } from './dino';
import { createMaskedDistill, inspectMaskedPatches, maskedDistillStep, type IbotState } from './ibot';
import type { Method } from './types';

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
    // the neighbour as a one-hot matMul rather than a gather: its gradient needs no
    // UnsortedSegmentSum (missing on wasm), and the gradient reaches the neighbour too, as in torch
    const nn = tf.matMul(tf.oneHot(tf.argMax(dots, 1), n), xn);
    const dist = tf.norm(tf.add(tf.sub(xn, nn), eps), 2, 1);
    return tf.neg(tf.mean(tf.log(tf.add(dist, eps)))) as tf.Scalar;
  });
}

export const dinov2: Method<DistillModel, IbotState> = {
  id: 'dinov2',
  ...distillMembers,
  create: createMaskedDistill,
  loss(m, state, views, { step, config, rng }) {
    // DINOv2: patch targets at τ_t like [CLS]; the patch centre from the masked tokens only
    const r = maskedDistillStep(m, state, views, config, step, rng, { patchTemp: config.teacherTemp, centerPatchesFromMasked: true });
    const n = views.v1.shape[0];
    // KoLeo per global crop on the backbone's CLS (pre-head), summed over the two crops
    const ko = tf.add(koleo(tf.slice(r.globalCls, [0, 0], [n, -1])), koleo(tf.slice(r.globalCls, [n, 0], [n, -1]))) as tf.Scalar;
    const loss = tf.add(tf.add(r.lossCls, r.lossPatch), tf.mul(ko, config.koleoWeight)) as tf.Scalar;
    return {
      loss,
      aux: { teacherEntropy: r.teacherEntropy, kl: r.kl, lossCls: r.lossCls, lossPatch: r.lossPatch, koleo: ko, maskedShare: tf.scalar(r.maskedShare) },
      state: r.state,
    };
  },
  teacherProbs: distillTeacherProbs,
  inspectMasked: (m, state, x, masks, { step, config }) => inspectMaskedPatches(m, state, x, masks, config, step, config.teacherTemp),
  macsPerStep: (c) => studentMacs(c, 0.15 * GRID * GRID),
  targetMacsPerStep: (c) => teacherMacs(c, 0.15 * GRID * GRID),
};
