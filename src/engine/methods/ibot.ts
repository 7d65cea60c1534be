// iBOT (Zhou et al. 2022, arXiv 2111.07832): DINO's [CLS] self-distillation plus masked image
// modelling with an online tokenizer — the student predicts, at its masked patches, the teacher's
// distribution for the unmasked image. Reference code: bytedance/ibot@da316d8 main_ibot.py:478-572,
// loader.py (block-wise masks), models/head.py (shared or separate patch head).
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../../config/schema';
import { headLogits, type DinoHead } from '../models/dinoHead';
import { GRID, vitForward } from '../models/vit';
import { gatherRows } from '../nn/ops';
import { uniform, type Rng } from '../rng';
import { clsDistillLoss, distillTeacherProbs, nextCenter, teacherTargets, type ClsLossConfig } from './dino';
import { createDistillModel, distillMembers, globalsOf, studentFeatures, studentMacs, teacherMacs, teacherTempAt, type DistillModel, type DistillNet } from './distill';
import type { Method, Views } from './types';

/**
 * BEiT-style block-wise masks for n crops on a grid×grid patch grid, 1 = masked. round(n·prob)
 * crops get masks, with ratios stratified over [min, max] (DINOv2's collate.py; iBOT's recipe draws
 * them independently, same expectation); the others none. Blocks: area ≥ 4 patches, aspect 0.3–3.3.
 */
export function blockMasks(rng: Rng, n: number, c: Pick<Config, 'maskProb' | 'maskRatioMin' | 'maskRatioMax'>, grid = GRID): Uint8Array {
  const p = grid * grid;
  const out = new Uint8Array(n * p);
  const nMasked = Math.round(n * c.maskProb);
  const lo = Math.min(c.maskRatioMin, c.maskRatioMax);
  const hi = Math.max(c.maskRatioMin, c.maskRatioMax);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (let k = 0; k < nMasked; k++) {
    const ratio = uniform(rng, lo + ((hi - lo) * k) / nMasked, lo + ((hi - lo) * (k + 1)) / nMasked);
    const mask = out.subarray(order[k] * p, (order[k] + 1) * p);
    const target = Math.round(ratio * p);
    let count = 0;
    while (count < target) {
      const room = target - count;
      let added = 0;
      for (let attempt = 0; attempt < 10 && added === 0; attempt++) {
        const area = uniform(rng, 4, Math.max(4, room));
        const aspect = Math.exp(uniform(rng, Math.log(0.3), Math.log(1 / 0.3)));
        const h = Math.round(Math.sqrt(area * aspect));
        const w = Math.round(Math.sqrt(area / aspect));
        if (h < 1 || w < 1 || h >= grid || w >= grid) continue;
        const top = Math.floor(rng() * (grid - h + 1));
        const left = Math.floor(rng() * (grid - w + 1));
        let already = 0;
        for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) already += mask[y * grid + x];
        const fresh = h * w - already;
        if (fresh > 0 && fresh <= room) {
          for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) mask[y * grid + x] = 1;
          added = fresh;
        }
      }
      if (added === 0) break;
      count += added;
    }
  }
  return out;
}

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

export interface IbotState {
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
export function maskedDistillStep(m: DistillModel, state: IbotState, views: Views, c: Config, step: number, rng: Rng, o: { patchTemp: number; centerPatchesFromMasked: boolean }) {
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

/** What the student makes of masked patches, per patch of n images (see inspectMaskedPatches). */
export interface MaskedInspection {
  /** [n·P] the teacher's top prototype for each patch of the unmasked image */
  teacherTop: Int32Array;
  /** [n·P] the student's top prototype for each patch of the masked image (the prediction, where masked) */
  studentTop: Int32Array;
  /** [n·P] H(teacher, student) of each patch, nats: the patch loss where masked */
  loss: Float32Array;
  /** [n·P] the teacher's probability of its top prototype (how sharp the target is) */
  teacherConfidence: Float32Array;
}

/**
 * The patch term taken apart for n images and given masks (1 = hidden from the student): the
 * teacher's targets on the whole image, the student's outputs with the masked patches replaced by
 * the mask token, and each patch's cross-entropy, as the loss computes them at this step (BatchNorm
 * in the heads normalises with these patches' own statistics, as in the loss).
 */
export async function inspectMaskedPatches(m: DistillModel, state: IbotState, x: tf.Tensor4D, masks: Uint8Array, c: Config, step: number, patchTemp: number): Promise<MaskedInspection> {
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
export function createMaskedDistill(rng: Rng, config: Config): { model: DistillModel; state: IbotState } {
  return { model: createDistillModel(rng, config, true), state: { center: tf.zeros([1, config.prototypes]), center2: tf.zeros([1, config.prototypes]) } };
}

export const ibot: Method<DistillModel, IbotState> = {
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
