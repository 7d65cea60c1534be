// DINO (Caron et al. 2021, arXiv 2104.14294): self-distillation with no labels. The teacher's
// softmax, centred and sharpened, is the target for the student's on every other crop.
// Reference code: facebookresearch/dino@7c446df main_dino.py:363-416 (DINOLoss), utils.py
// (cosine_scheduler), vision_transformer.py (DINOHead). This file holds the pure pieces; the
// trainable method (student/teacher ViT, multi-crop) comes with the DINO lesson work.
import * as tf from '@tensorflow/tfjs';

export interface DinoLossOutput {
  loss: tf.Scalar;
  /** mean entropy of the teacher's distributions (→ 0: one-hot collapse, → log K: uniform collapse) */
  teacherEntropy: tf.Scalar;
  /** mean KL(teacher ‖ student) over the same pairs (→ 0 when both are constant) */
  kl: tf.Scalar;
  /** the centre after this step: EMA of the raw teacher logits, updated after the loss */
  center: tf.Tensor2D;
}

/**
 * student: [nCrops·N, K] logits, crop-major (globals first); teacher: [nGlobal·N, K] logits of the
 * global crops. Cross-entropy between softmax((t − c)/τt) and log_softmax(s/τs) over every
 * (teacher view, student view) pair except the same view, averaged over pairs.
 */
export function dinoLoss(
  student: tf.Tensor2D,
  teacher: tf.Tensor2D,
  center: tf.Tensor2D,
  nCrops: number,
  opts: { teacherTemp: number; studentTemp: number; centerMomentum: number; nGlobal?: number },
): DinoLossOutput {
  const nGlobal = opts.nGlobal ?? 2;
  return tf.tidy(() => {
    const s = tf.split(tf.logSoftmax(tf.div(student, opts.studentTemp)), nCrops, 0);
    const tLogits = tf.div(tf.sub(teacher, center), opts.teacherTemp);
    const q = tf.split(tf.softmax(tLogits), nGlobal, 0);
    const logQ = tf.split(tf.logSoftmax(tLogits), nGlobal, 0);
    let ce: tf.Tensor = tf.scalar(0);
    let ent: tf.Tensor = tf.scalar(0);
    let terms = 0;
    for (let iq = 0; iq < nGlobal; iq++) {
      for (let v = 0; v < nCrops; v++) {
        if (v === iq) continue;
        ce = tf.add(ce, tf.mean(tf.neg(tf.sum(tf.mul(q[iq], s[v]), -1))));
        ent = tf.add(ent, tf.mean(tf.neg(tf.sum(tf.mul(q[iq], logQ[iq]), -1))));
        terms++;
      }
    }
    const loss = tf.div(ce, terms) as tf.Scalar;
    const teacherEntropy = tf.div(ent, terms) as tf.Scalar;
    const newCenter = tf.add(tf.mul(center, opts.centerMomentum), tf.mul(tf.mean(teacher, 0, true), 1 - opts.centerMomentum)) as tf.Tensor2D;
    return { loss, teacherEntropy, kl: tf.sub(loss, teacherEntropy) as tf.Scalar, center: newCenter };
  });
}

/** DINO head's last layer with weight norm, g = 1: cosine similarities of x to K unit prototypes. */
export function prototypeLogits(x: tf.Tensor2D, prototypesKxD: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const unit = (t: tf.Tensor2D) => tf.div(t, tf.maximum(tf.norm(t, 2, 1, true), 1e-12)) as tf.Tensor2D;
    return tf.matMul(unit(x), unit(prototypesKxD), false, true);
  });
}

/** Teacher temperature per epoch: linear warm-up from `start` to `end` over `warmup` epochs (endpoint included), then `end`. */
export function teacherTempSchedule(start: number, end: number, warmup: number, total: number): number[] {
  return Array.from({ length: total }, (_, e) => (e < warmup ? (warmup === 1 ? start : start + ((end - start) * e) / (warmup - 1)) : end));
}

/** DINO's cosine_scheduler: per iteration, from `base` towards `final` (never quite reaching it). */
export function cosineSchedule(base: number, final: number, epochs: number, itersPerEpoch: number): number[] {
  const n = epochs * itersPerEpoch;
  return Array.from({ length: n }, (_, i) => final + 0.5 * (base - final) * (1 + Math.cos((Math.PI * i) / n)));
}
