// DINO (Caron et al. 2021, arXiv 2104.14294): self-distillation with no labels. The teacher's
// softmax, centred and sharpened, is the target for the student's on every other crop.
// Reference code: facebookresearch/dino@7c446df main_dino.py:363-416 (DINOLoss), utils.py
// (cosine_scheduler), vision_transformer.py (DINOHead). The student and its EMA teacher share
// one shape (distill.ts); the teacher sees the 2 global crops, the student every crop.
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../../config/schema';
import { encoderForward } from '../models/encoder';
import { headLogits } from '../models/dinoHead';
import { createDistillModel, distillMembers, globalsOf, studentFeatures, studentMacs, teacherMacs, teacherTempAt, type DistillModel } from './distill';
import { sinkhornKnopp } from './dinov2';
import type { Method } from './types';

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
 * The cross-view cross-entropy every DINO-family method shares. student: [nCrops·N, K] logits,
 * crop-major (globals first); teacherProbs: [nGlobal·N, K] targets (rows sum to 1). Mean over every
 * (teacher view, student view) pair except the same view of H(q, softmax(s/τs)), with the teacher's
 * entropy H(q) and KL(q ‖ p) = H(q, p) − H(q) over the same pairs.
 */
export function crossViewLoss(
  student: tf.Tensor2D,
  teacherProbs: tf.Tensor2D,
  nCrops: number,
  studentTemp: number,
  nGlobal = 2,
): { loss: tf.Scalar; teacherEntropy: tf.Scalar; kl: tf.Scalar } {
  return tf.tidy(() => {
    const s = tf.split(tf.logSoftmax(tf.div(student, studentTemp)), nCrops, 0);
    const q = tf.split(teacherProbs, nGlobal, 0);
    // 0·log 0 = 0 (Sinkhorn-Knopp targets can hold exact zeros)
    const ents = q.map((qi) => tf.mean(tf.neg(tf.sum(tf.mul(qi, tf.log(tf.maximum(qi, 1e-30))), -1))));
    let ce: tf.Tensor = tf.scalar(0);
    let ent: tf.Tensor = tf.scalar(0);
    let terms = 0;
    for (let iq = 0; iq < nGlobal; iq++) {
      for (let v = 0; v < nCrops; v++) {
        if (v === iq) continue;
        ce = tf.add(ce, tf.mean(tf.neg(tf.sum(tf.mul(q[iq], s[v]), -1))));
        ent = tf.add(ent, ents[iq]);
        terms++;
      }
    }
    const loss = tf.div(ce, terms) as tf.Scalar;
    const teacherEntropy = tf.div(ent, terms) as tf.Scalar;
    return { loss, teacherEntropy, kl: tf.sub(loss, teacherEntropy) as tf.Scalar };
  });
}

/** The centre after a step: EMA of the batch mean of the raw teacher logits (updated after the loss). */
export const nextCenter = (center: tf.Tensor2D, teacher: tf.Tensor2D, m: number) =>
  tf.tidy(() => tf.add(tf.mul(center, m), tf.mul(tf.mean(teacher, 0, true), 1 - m)) as tf.Tensor2D);

/**
 * DINO's loss as its code computes it: teacher targets softmax((t − c)/τt) of the global crops'
 * logits [nGlobal·N, K], against every other crop of the student [nCrops·N, K].
 */
export function dinoLoss(
  student: tf.Tensor2D,
  teacher: tf.Tensor2D,
  center: tf.Tensor2D,
  nCrops: number,
  opts: { teacherTemp: number; studentTemp: number; centerMomentum: number; nGlobal?: number },
): DinoLossOutput {
  return tf.tidy(() => {
    const q = tf.softmax(tf.div(tf.sub(teacher, center), opts.teacherTemp)) as tf.Tensor2D;
    const out = crossViewLoss(student, q, nCrops, opts.studentTemp, opts.nGlobal ?? 2);
    return { ...out, center: nextCenter(center, teacher, opts.centerMomentum) };
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

export interface DinoState {
  /** [1, K]: running mean of the teacher's logits (zeros, and left alone, with centering off) */
  center: tf.Tensor2D;
}

/** Teacher targets for a batch of logits: centred-and-sharpened softmax, or Sinkhorn-Knopp. */
export function teacherTargets(logits: tf.Tensor2D, center: tf.Tensor2D, temp: number, c: Config): tf.Tensor2D {
  if (c.sinkhorn) return sinkhornKnopp(logits, temp, 3);
  return tf.softmax(tf.div(c.centering ? tf.sub(logits, center) : logits, temp)) as tf.Tensor2D;
}

/**
 * What the teacher makes of clean images [N, K] at this step. BatchNorm in its head normalises with
 * these images' own statistics, as in the loss (the running statistics this moves are never used).
 */
export function distillTeacherProbs(m: DistillModel, state: DinoState, x: tf.Tensor4D, { step, config }: { step: number; config: Config }): tf.Tensor2D {
  return tf.tidy(() => teacherTargets(headLogits(m.teacher.head, encoderForward(m.teacher.encoder, x, true)), state.center, teacherTempAt(config, step), config));
}

export const dino: Method<DistillModel, DinoState> = {
  id: 'dino',
  ...distillMembers,
  create(rng, config) {
    return { model: createDistillModel(rng, config, false), state: { center: tf.zeros([1, config.prototypes]) } };
  },
  loss(m, state, views, { step, config }) {
    const nCrops = 2 + (views.locals ? views.locals.shape[0] / views.v1.shape[0] : 0);
    const s = headLogits(m.student.head, studentFeatures(m.student, views).cls);
    const t = headLogits(m.teacher.head, encoderForward(m.teacher.encoder, globalsOf(views), true));
    const q = teacherTargets(t, state.center, teacherTempAt(config, step), config);
    const { loss, teacherEntropy, kl } = crossViewLoss(s, q, nCrops, config.studentTemp);
    const center = config.centering ? nextCenter(state.center, t, config.centerMomentum) : state.center;
    return { loss, aux: { teacherEntropy, kl }, state: { center } };
  },
  teacherProbs: distillTeacherProbs,
  macsPerStep: (c) => studentMacs(c, 0),
  targetMacsPerStep: (c) => teacherMacs(c, 0),
};
