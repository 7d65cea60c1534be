// The ViT's own figures: the last block's CLS→patch attention scored against the objects' masks
// (the DINO paper's protocol) and the patch features' PCA as colours (DINOv2's Figure 1). Each
// keeps its untrained score, measured at step 0, in the run's memo.
import * as tf from '@tensorflow/tfjs';
import { toTensor } from '../data/augment';
import { head, IMAGE_SIZE, subset } from '../data/types';
import { attentionJaccard, bestDiscPrior } from '../metrics/attention';
import { foregroundJaccard, patchPcaMaps } from '../metrics/patchPca';
import { vitForward } from '../models/vit';
import type { TrainerView } from '../trainer';
import type { RunMemo } from './context';
import { rgbaOf } from './features';

/** What the attention report carries (see attentionMaps()). */
export interface AttentionReport {
  n: number;
  heads: number;
  /** patches per side (8 for 4×4 patches on 32×32) */
  grid: number;
  /** [n, heads, grid·grid] CLS→patch attention */
  maps: Float32Array;
  /** per head, the mean Jaccard of its thresholded map with the object masks; null without masks */
  jaccard: number[] | null;
  /** held-out images the Jaccard is averaged over (the first n of them are drawn) */
  scored: number;
  /** the best centred disc's Jaccard on the same images: what "look at the middle" scores */
  discPrior: number | null;
  /** per head, this model's Jaccard at step 0 on the same images (when it was measured then) */
  jaccardAtInit: number[] | null;
  /** the n images, 32×32 RGBA */
  rgba: Uint8ClampedArray;
}

/** Patch features of the last layer as colours (see patchPca()). */
export interface PatchPcaReport {
  n: number;
  grid: number;
  /** [n·grid², 3] bytes: each foreground patch's first three components of the foreground PCA; background 0 */
  rgb: Uint8ClampedArray;
  /** [n·grid²] 1 = foreground (first component of the PCA over every patch above its mean) */
  foreground: Uint8Array;
  /** mean Jaccard of the foreground patches with the objects' masks over the scored images; null without masks */
  jaccard: number | null;
  /** the same score for this model at step 0 (when it was measured then) */
  jaccardAtInit: number | null;
  /** held-out images in the PCA (and the Jaccard); the first n are drawn */
  scored: number;
  foregroundShare: number;
  /** the n images, 32×32 RGBA */
  rgba: Uint8ClampedArray;
}

/**
 * The last block's CLS→patch attention of the ViT backbone for the first `n` held-out images
 * (null for the CNN), each head's mean Jaccard against the objects' masks where the dataset has
 * them (the DINO paper's protocol, metrics/attention.ts), and the images themselves to draw under it.
 */
export async function attentionMaps(tr: TrainerView, n: number, scored = n, memo: RunMemo = {}): Promise<AttentionReport | null> {
  const enc = tr.method.backbone?.(tr.model);
  if (!enc || enc.kind !== 'vit') return null;
  const total = Math.max(n, scored);
  const set = head(tr.data.test, total);
  const att = tf.tidy(() => vitForward(enc, toTensor(set.pixels, set.n, set.channels), undefined, true).attention!);
  const [, heads, p] = att.shape;
  const maps = (await att.data()) as Float32Array;
  att.dispose();
  const grid = Math.round(Math.sqrt(p));
  const px = IMAGE_SIZE * IMAGE_SIZE;
  const jaccard = set.masks
    ? Array.from({ length: heads }, (_, h) => {
        let sum = 0;
        for (let i = 0; i < scored; i++) sum += attentionJaccard(maps.subarray((i * heads + h) * p, (i * heads + h + 1) * p), grid, set.masks!.subarray(i * px, (i + 1) * px));
        return sum / scored;
      })
    : null;
  if (set.masks && memo.discPrior?.n !== scored) memo.discPrior = { n: scored, jaccard: bestDiscPrior(set.masks.subarray(0, scored * px), scored).jaccard };
  if (jaccard && tr.step === 0) memo.attentionAtInit = { n: scored, jaccard };
  const jaccardAtInit = memo.attentionAtInit?.n === scored ? memo.attentionAtInit.jaccard : null;
  return { n, heads, grid, maps: maps.slice(0, n * heads * p), jaccard, scored, discPrior: set.masks ? memo.discPrior!.jaccard : null, jaccardAtInit, rgba: rgbaOf(set, n) };
}

/**
 * The DINOv2 paper's Figure 1 at this scale: PCA of the ViT backbone's last-layer patch features
 * over the first `scored` held-out images, foreground by the first component, its three main
 * directions as RGB (metrics/patchPca.ts); null for the CNN. Signs follow the run's last basis.
 */
export async function patchPca(tr: TrainerView, n: number, scored = n, memo: RunMemo = {}): Promise<PatchPcaReport | null> {
  const enc = tr.method.backbone?.(tr.model);
  if (!enc || enc.kind !== 'vit') return null;
  const total = Math.max(n, scored);
  const set = head(tr.data.test, total);
  const chunks: Float32Array[] = [];
  let d = 0;
  let p = 0;
  for (let s = 0; s < total; s += 128) {
    const part = subset(set, Array.from({ length: Math.min(128, total - s) }, (_, i) => s + i));
    const tok = tf.tidy(() => vitForward(enc, toTensor(part.pixels, part.n, part.channels)).tokens);
    [, p, d] = tok.shape;
    chunks.push((await tok.data()) as Float32Array);
    tok.dispose();
  }
  const tokens = new Float32Array(total * p * d);
  chunks.reduce((o, c) => (tokens.set(c, o), o + c.length), 0);
  const grid = Math.round(Math.sqrt(p));
  const maps = patchPcaMaps(tokens, total, grid, d, memo.patchBasis);
  memo.patchBasis = maps.basis;
  const rgb = new Uint8ClampedArray(n * p * 3);
  for (let i = 0; i < n * p * 3; i++) rgb[i] = Math.round(255 * maps.rgb[i]);
  const jaccard = set.masks ? foregroundJaccard(maps.foreground, total, grid, set.masks) : null;
  if (jaccard !== null && tr.step === 0) memo.patchesAtInit = { n: total, jaccard };
  return {
    n,
    grid,
    rgb,
    foreground: maps.foreground.slice(0, n * p),
    jaccard,
    jaccardAtInit: memo.patchesAtInit?.n === total ? memo.patchesAtInit.jaccard : null,
    scored: total,
    foregroundShare: maps.foregroundShare,
    rgba: rgbaOf(set, n),
  };
}
