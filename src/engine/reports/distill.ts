// The self-distillation reports: what the teacher's targets look like over held-out images, the
// masked-patch term taken apart (iBOT, DINOv2), and how far apart the backbone's features lie
// (what DINOv2's KoLeo acts on, read with the loss's own KoLeo).
import * as tf from '@tensorflow/tfjs';
import { toTensor } from '../data/augment';
import { blockMasks, MASK_GRID } from '../data/masks';
import { head } from '../data/types';
import { l2NormalizeRows, uniformity } from '../metrics/diagnostics';
import { koleo } from '../ops/koleo';
import { substream } from '../rng';
import type { TrainerView } from '../trainer';
import { rgbaOf, splitFeatures } from './features';

/** What the teacher makes of held-out images (self-distillation methods; see teacherReport()). */
export interface TeacherReport {
  n: number;
  /** K: prototypes */
  k: number;
  /** the teacher's mean output distribution over the n images, sorted from the most used prototype */
  mean: Float32Array;
  /** each image's distribution sorted from its top prototype, then averaged: how sharp one image's target is */
  sortedPerImage: Float32Array;
  /** H of the mean distribution, nats (log K: every prototype used equally; 0: one for all images) */
  entropyOfMean: number;
  /** mean over images of each distribution's own entropy, nats (what the teacherEntropy readout tracks) */
  meanEntropy: number;
}

/** The masked-patch term taken apart on a few held-out images (see maskedReport()). */
export interface MaskedReport {
  n: number;
  grid: number;
  /** the masks' ratio as asked for, and the share of patches they hide */
  ratio: number;
  maskedShare: number;
  /** [n·grid²] 1 = hidden from the student */
  masks: Uint8Array;
  /** [n·grid²] the teacher's top prototype per patch (unmasked image) and the student's (masked image) */
  teacherTop: Int32Array;
  studentTop: Int32Array;
  /** [n·grid²] each patch's cross-entropy H(teacher, student), nats */
  loss: Float32Array;
  /** [n·grid²] the teacher's probability of its top prototype */
  teacherConfidence: Float32Array;
  /** the mean patch loss over masked patches, and the share of them where the student's top prototype is the teacher's */
  maskedLoss: number;
  agreement: number;
  /** K */
  k: number;
  rgba: Uint8ClampedArray;
}

/** How far apart the backbone's CLS features lie (what KoLeo acts on; see spread()). */
export interface SpreadReport {
  n: number;
  /** each image's distance to its nearest neighbour among the n, on ℓ2-normalised h (0–2) */
  nn: Float32Array;
  meanNN: number;
  /** KoLeo's value on these features: −mean log(nearest-neighbour distance) */
  koleo: number;
  /** Wang & Isola's uniformity of normalised h (t = 2): lower is more spread */
  uniformity: number;
}

/** The teacher's distributions over prototypes for the first `n` clean held-out images; null for methods without a teacher of that kind. */
export async function teacherReport(tr: TrainerView, n: number): Promise<TeacherReport | null> {
  if (!tr.method.teacherProbs) return null;
  const set = head(tr.data.test, n);
  const probs = tf.tidy(() => tr.method.teacherProbs!(tr.model, tr.state, toTensor(set.pixels, set.n, set.channels), { step: tr.step, config: tr.config }));
  const [rows, k] = probs.shape;
  const q = (await probs.data()) as Float32Array;
  probs.dispose();
  const mean = new Float64Array(k);
  const sortedPerImage = new Float64Array(k);
  let meanEntropy = 0;
  for (let i = 0; i < rows; i++) {
    const row = q.subarray(i * k, (i + 1) * k);
    const sorted = Float64Array.from(row).sort().reverse();
    for (let j = 0; j < k; j++) {
      mean[j] += row[j] / rows;
      sortedPerImage[j] += sorted[j] / rows;
      if (row[j] > 0) meanEntropy -= (row[j] * Math.log(row[j])) / rows;
    }
  }
  const entropyOfMean = mean.reduce((a, v) => (v > 0 ? a - v * Math.log(v) : a), 0);
  return { n: rows, k, mean: Float32Array.from(mean.sort().reverse()), sortedPerImage: Float32Array.from(sortedPerImage), entropyOfMean, meanEntropy };
}

/**
 * iBOT's patch term on the first `n` held-out images, under block masks at `ratio` drawn from
 * `seed` (every image masked): what the teacher targets at each patch, what the student predicts
 * at the hidden ones, and each patch's loss. null for methods without masked patches.
 */
export async function maskedReport(tr: TrainerView, n: number, ratio: number, seed: number): Promise<MaskedReport | null> {
  if (!tr.method.inspectMasked) return null;
  const set = head(tr.data.test, n);
  const masks = blockMasks(substream(seed, 'inspect-masks'), n, { maskProb: 1, maskRatioMin: ratio, maskRatioMax: ratio });
  const x = toTensor(set.pixels, set.n, set.channels);
  const r = await tr.method.inspectMasked(tr.model, tr.state, x, masks, { step: tr.step, config: tr.config });
  x.dispose();
  let hidden = 0;
  let lossSum = 0;
  let agree = 0;
  for (let i = 0; i < masks.length; i++) {
    if (!masks[i]) continue;
    hidden++;
    lossSum += r.loss[i];
    agree += r.studentTop[i] === r.teacherTop[i] ? 1 : 0;
  }
  return {
    n,
    grid: MASK_GRID,
    ratio,
    maskedShare: hidden / masks.length,
    masks,
    ...r,
    maskedLoss: hidden ? lossSum / hidden : NaN,
    agreement: hidden ? agree / hidden : NaN,
    k: tr.config.prototypes,
    rgba: rgbaOf(set, n),
  };
}

/** Nearest-neighbour distances and uniformity of the backbone's h on the first `n` held-out images (ℓ2-normalised). */
export async function spread(tr: TrainerView, n: number): Promise<SpreadReport> {
  const set = head(tr.data.test, n);
  const { h, dh } = await splitFeatures(tr, 'test', set.n);
  const x = l2NormalizeRows(h, set.n, dh);
  const nn = new Float32Array(set.n);
  for (let i = 0; i < set.n; i++) {
    let best = -Infinity;
    for (let j = 0; j < set.n; j++) {
      if (j === i) continue;
      let dot = 0;
      for (let k = 0; k < dh; k++) dot += x[i * dh + k] * x[j * dh + k];
      if (dot > best) best = dot;
    }
    nn[i] = Math.sqrt(Math.max(0, 2 - 2 * best));
  }
  const meanNN = nn.reduce((a, v) => a + v, 0) / set.n;
  const ko = tf.tidy(() => koleo(tf.tensor2d(h, [set.n, dh])));
  const value = (await ko.data())[0];
  ko.dispose();
  return { n: set.n, nn, meanNN, koleo: value, uniformity: uniformity(x, set.n, dh) };
}
