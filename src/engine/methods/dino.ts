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

export interface DinoState {
  /** [1, K]: running mean of the teacher's logits (zeros, and left alone, with centering off) */
  center: tf.Tensor2D;
}

/** Teacher targets for a batch of logits: centred-and-sharpened softmax, or Sinkhorn-Knopp. */
export function teacherTargets(logits: tf.Tensor2D, center: tf.Tensor2D, temp: number, c: Pick<Config, 'sinkhorn' | 'centering'>): tf.Tensor2D {
  if (c.sinkhorn) return sinkhornKnopp(logits, temp, SINKHORN_ITERATIONS);
  return tf.softmax(tf.div(c.centering ? tf.sub(logits, center) : logits, temp)) as tf.Tensor2D;
}

/** DINOv2's Sinkhorn-Knopp iterations (its default n_iterations). */
export const SINKHORN_ITERATIONS = 3;

export type ClsLossConfig = Pick<Config, 'sinkhorn' | 'centering' | 'centerMomentum' | 'studentTemp' | 'teacherTemp' | 'teacherTempStart' | 'teacherTempWarmup'>;

/**
 * The [CLS] term of DINO, iBOT and DINOv2 from head logits, as training computes it: the teacher's
 * targets at this step's temperature, the cross-view cross-entropy, and the centre after the step
 * (EMA of the raw teacher logits; left alone with centering off). The reference check calls this.
 */
export function clsDistillLoss(student: tf.Tensor2D, teacher: tf.Tensor2D, center: tf.Tensor2D, nCrops: number, c: ClsLossConfig, step: number) {
  const q = teacherTargets(teacher, center, teacherTempAt(c, step), c);
  const out = crossViewLoss(student, q, nCrops, c.studentTemp);
  return { ...out, center: c.centering ? nextCenter(center, teacher, c.centerMomentum) : center };
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
    const { loss, teacherEntropy, kl, center } = clsDistillLoss(s, t, state.center, nCrops, config, step);
    return { loss, aux: { teacherEntropy, kl }, state: { center } };
  },
  teacherProbs: distillTeacherProbs,
  macsPerStep: (c) => studentMacs(c, 0),
  targetMacsPerStep: (c) => teacherMacs(c, 0),
};
