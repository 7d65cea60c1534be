// DINO (Caron et al. 2021, arXiv 2104.14294): self-distillation with no labels. The teacher's
// softmax, centred and sharpened, is the target for the student's on every other crop.
// Reference code: facebookresearch/dino@7c446df main_dino.py:363-416 (DINOLoss), utils.py
// (cosine_scheduler), vision_transformer.py (DINOHead). The student and its EMA teacher share
// one shape (distill.ts); the teacher sees the 2 global crops, the student every crop.
import * as tf from '@tensorflow/tfjs';
import { encoderForward } from '../models/encoder';
import { headLogits } from '../models/dinoHead';
import { clsDistillLoss, createDistillModel, distillMembers, distillTeacherProbs, globalsOf, studentFeatures, studentMacs, teacherMacs, type DistillModel } from './distill';
import type { Method } from './types';

export interface DinoState {
  /** [1, K]: running mean of the teacher's logits (zeros, and left alone, with centering off) */
  center: tf.Tensor2D;
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
