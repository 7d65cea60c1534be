// DINOv2 at small scale (Oquab et al. 2023, arXiv 2304.07193): DINO's [CLS] loss plus iBOT's masked
// patch loss, with its additions, as its code computes them — KoLeo on the student's CLS features,
// Sinkhorn-Knopp in place of centering, untied heads, one teacher temperature for both terms
// (facebookresearch/dinov2@b8931f7 dinov2/loss/dino_clstoken_loss.py, koleo_loss.py).
import * as tf from '@tensorflow/tfjs';
import { GRID } from '../models/vit';
import { koleo } from '../ops/koleo';
import { distillMembers, distillTeacherProbs, studentMacs, teacherMacs, type DistillModel } from './distill';
import { createMaskedDistill, inspectMaskedPatches, maskedDistillStep, type MaskedDistillState } from './maskedDistill';
import type { Method } from './types';

export const dinov2: Method<DistillModel, MaskedDistillState> = {
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
