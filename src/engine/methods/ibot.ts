// iBOT (Zhou et al. 2022, arXiv 2111.07832): DINO's [CLS] self-distillation plus masked image
// modelling with an online tokenizer — the student predicts, at its masked patches, the teacher's
// distribution for the unmasked image. Reference code: bytedance/ibot@da316d8 main_ibot.py:478-572,
// loader.py (block-wise masks), models/head.py (shared or separate patch head).
import * as tf from '@tensorflow/tfjs';
import { GRID } from '../models/vit';
import { distillMembers, distillTeacherProbs, studentMacs, teacherMacs, type DistillModel } from './distill';
import { createMaskedDistill, inspectMaskedPatches, maskedDistillStep, type MaskedDistillState } from './maskedDistill';
import type { Method } from './types';

export const ibot: Method<DistillModel, MaskedDistillState> = {
  id: 'ibot',
  ...distillMembers,
  create: createMaskedDistill,
  loss(m, state, views, { step, config, rng }) {
    // iBOT: the patch centre is updated from every patch of the teacher, with its own temperature
    const r = maskedDistillStep(m, state, views, config, step, rng, { patchTemp: config.teacherPatchTemp, centerPatchesFromMasked: false });
    return {
      loss: tf.add(r.lossCls, r.lossPatch) as tf.Scalar,
      aux: { teacherEntropy: r.teacherEntropy, kl: r.kl, lossCls: r.lossCls, lossPatch: r.lossPatch, maskedShare: tf.scalar(r.maskedShare) },
      state: r.state,
    };
  },
  teacherProbs: distillTeacherProbs,
  inspectMasked: (m, state, x, masks, { step, config }) => inspectMaskedPatches(m, state, x, masks, config, step, config.teacherPatchTemp),
  macsPerStep: (c) => studentMacs(c, 0.15 * GRID * GRID),
  targetMacsPerStep: (c) => teacherMacs(c, GRID * GRID),
};
