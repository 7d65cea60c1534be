// The patch-level self-distillation iBOT and DINOv2 share: block masks on the student's global
// crops, the teacher's targets at every masked patch, the weighted patch cross-entropy, the patch
// centre, and the same term taken apart for the masked-patch figure. Each method sets its own
// patch temperature and how its patch centre moves.
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../../config/schema';
import { headLogits, type DinoHead } from '../models/dinoHead';
import { GRID, vitForward } from '../models/vit';
import { gatherRows } from '../nn/ops';
import type { Rng } from '../rng';
import { blockMasks } from '../data/masks';
import { clsDistillLoss, createDistillModel, globalsOf, nextCenter, studentFeatures, teacherTargets, teacherTempAt, type ClsLossConfig, type DistillModel, type DistillNet } from './distill';
import type { MaskedInspection, Views } from './types';

/** Masked token positions (rows of the flattened [n·P] tokens) and each one's weight 1/(masked in its image)/n. */
export function maskedRows(masks: Uint8Array, n: number, p = GRID * GRID): { rows: Int32Array; weights: Float32Array } {
  const rows: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let j = 0; j < p; j++) count += masks[i * p + j];
    for (let j = 0; j < p; j++) {
      if (!masks[i * p + j]) continue;
      rows.push(i * p + j);
      weights.push(1 / count / n);
    }
  }
  return { rows: Int32Array.from(rows), weights: Float32Array.from(weights) };
}

/**
 * The patch term on masked tokens only, as DINOv2's ibot_patch_loss computes it (equal to iBOT's
 * per-image masked mean averaged over every global crop, masked or not):
 * −Σ_rows w·Σ_k t·log_softmax(s/τs). student, teacherProbs: [M, K] at the masked rows.
 */
export function maskedPatchLoss(student: tf.Tensor2D, teacherProbs: tf.Tensor2D, weights: Float32Array, studentTemp: number): tf.Scalar {
  return tf.tidy(() => {
    const ce = tf.neg(tf.sum(tf.mul(teacherProbs, tf.logSoftmax(tf.div(student, studentTemp))), -1));
    return tf.sum(tf.mul(ce, tf.tensor1d(weights))) as tf.Scalar;
  });
}

/**
 * The patch term as training computes it from patch-head logits at the masked rows [M, K]: the
 * teacher's targets (centred by the patch centre, or Sinkhorn-Knopp) at this step's patch
 * temperature, then the weighted cross-entropy. The reference check calls this.
 */
export function patchDistillLoss(student: tf.Tensor2D, teacher: tf.Tensor2D, weights: Float32Array, center2: tf.Tensor2D, c: ClsLossConfig, step: number, patchTemp: number): tf.Scalar {
  return maskedPatchLoss(student, teacherTargets(teacher, center2, teacherTempAt(c, step, patchTemp), c), weights, c.studentTemp);
}

export interface MaskedDistillState {
  center: tf.Tensor2D;
  /** [1, K]: the patch tokens' own centre */
  center2: tf.Tensor2D;
}

const patchHeadOf = (net: DistillNet): DinoHead => net.patchHead ?? net.head;

/**
 * One step of the patch-level self-distillation shared by iBOT and DINOv2: block masks on the
 * student's global crops, the student's CLS over every crop, its patch logits at masked positions
 * only (the other positions carry no loss), the teacher on the unmasked global crops.
 */
export function maskedDistillStep(m: DistillModel, state: MaskedDistillState, views: Views, c: Config, step: number, rng: Rng, o: { patchTemp: number; centerPatchesFromMasked: boolean }) {
  const n2 = 2 * views.v1.shape[0];
  const p = GRID * GRID;
  // patch loss off: nothing is masked and only the [CLS] term trains (DINO's loss on this ViT)
  const masks = c.patchLoss ? blockMasks(rng, n2, c) : new Uint8Array(n2 * p);
  const { rows, weights } = maskedRows(masks, n2);
  const nCrops = 2 + (views.locals ? views.locals.shape[0] / views.v1.shape[0] : 0);

  const s = studentFeatures(m.student, views, tf.tensor2d(masks, [n2, p], 'float32'));
  const sCls = headLogits(m.student.head, s.cls);
  const t = vitForward(m.teacher.encoder as never, globalsOf(views));
  const tCls = headLogits(m.teacher.head, t.h);
  const { loss: lossCls, teacherEntropy, kl, center } = clsDistillLoss(sCls, tCls, state.center, nCrops, c, step);

  let lossPatch: tf.Scalar = tf.scalar(0);
  let center2 = state.center2;
  const tTokens = t.tokens.reshape([n2 * p, -1]) as tf.Tensor2D;
  const tPatchAll = o.centerPatchesFromMasked ? null : headLogits(patchHeadOf(m.teacher), tTokens);
  if (rows.length > 0) {
    const sTok = gatherRows(s.tokens!.reshape([n2 * p, -1]) as tf.Tensor2D, rows);
    const sPatch = headLogits(patchHeadOf(m.student), sTok);
    const idx = tf.tensor1d(rows, 'int32');
    const tPatch = tPatchAll ? tf.gather(tPatchAll, idx) : headLogits(patchHeadOf(m.teacher), tf.gather(tTokens, idx));
    lossPatch = patchDistillLoss(sPatch, tPatch as tf.Tensor2D, weights, state.center2, c, step, o.patchTemp);
    if (c.centering && o.centerPatchesFromMasked) center2 = nextCenter(state.center2, tPatch as tf.Tensor2D, c.centerMomentum);
  }
  if (c.centering && tPatchAll) center2 = nextCenter(state.center2, tPatchAll, c.centerMomentum);
  return { lossCls, lossPatch, teacherEntropy, kl, globalCls: s.globalCls, state: { center, center2 }, maskedShare: rows.length / (n2 * p) };
}


/**
 * The patch term taken apart for n images and given masks (1 = hidden from the student): the
 * teacher's targets on the whole image, the student's outputs with the masked patches replaced by
 * the mask token, and each patch's cross-entropy, as the loss computes them at this step (BatchNorm
 * in the heads normalises with these patches' own statistics, as in the loss).
 */
export async function inspectMaskedPatches(m: DistillModel, state: MaskedDistillState, x: tf.Tensor4D, masks: Uint8Array, c: Config, step: number, patchTemp: number): Promise<MaskedInspection> {
  const n = x.shape[0];
  const p = GRID * GRID;
  const [tTop, sTop, loss, conf] = tf.tidy(() => {
    const t = vitForward(m.teacher.encoder as never, x);
    const s = vitForward(m.student.encoder as never, x, tf.tensor2d(masks, [n, p], 'float32'));
    const tLogits = headLogits(patchHeadOf(m.teacher), t.tokens.reshape([n * p, -1]) as tf.Tensor2D);
    const sLogits = headLogits(patchHeadOf(m.student), s.tokens.reshape([n * p, -1]) as tf.Tensor2D);
    const q = teacherTargets(tLogits, state.center2, teacherTempAt(c, step, patchTemp), c);
    const ce = tf.neg(tf.sum(tf.mul(q, tf.logSoftmax(tf.div(sLogits, c.studentTemp))), -1));
    return [tf.argMax(q, 1), tf.argMax(sLogits, 1), ce, tf.max(q, 1)];
  });
  const out = await Promise.all([tTop.data(), sTop.data(), loss.data(), conf.data()]);
  tf.dispose([tTop, sTop, loss, conf]);
  return { teacherTop: Int32Array.from(out[0]), studentTop: Int32Array.from(out[1]), loss: Float32Array.from(out[2]), teacherConfidence: Float32Array.from(out[3]) };
}

/** A student/teacher pair with a mask token (and untied heads unless sharedHead), zero centres. */
export function createMaskedDistill(rng: Rng, config: Config): { model: DistillModel; state: MaskedDistillState } {
  return { model: createDistillModel(rng, config, true), state: { center: tf.zeros([1, config.prototypes]), center2: tf.zeros([1, config.prototypes]) } };
}

