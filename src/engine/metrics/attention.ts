// Does the attention find the object? The DINO paper thresholds each head's last-layer CLS→patch
// attention to the patches holding 60% of its mass and scores the result against the object's
// mask (Jaccard). Here: the same on an 8×8 patch grid, upsampled to the 32×32 image, against a
// dataset's masks; and the floor any such map must clear — the best centred disc.
// Reference: facebookresearch/dino visualize_attention.py (sort, normalise, cumsum > 1 − 0.6).

export const ATTENTION_MASS = 0.6;

/** 1 for the patches that hold the top `mass` of one map's attention (grid·grid values). */
export function attentionMask(att: ArrayLike<number>, mass = ATTENTION_MASS): Uint8Array {
  const n = att.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => att[a] - att[b]); // ascending
  let total = 0;
  for (let i = 0; i < n; i++) total += att[i];
  const keep = new Uint8Array(n);
  let cum = 0;
  for (const i of order) {
    cum += att[i] / total;
    if (cum > 1 - mass) keep[i] = 1;
  }
  return keep;
}

/** A grid×grid patch mask as a size×size pixel mask (each patch covers a square block). */
export function upsampleMask(m: ArrayLike<number>, grid: number, size = 32): Uint8Array {
  const out = new Uint8Array(size * size);
  const s = size / grid;
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) out[y * size + x] = m[Math.floor(y / s) * grid + Math.floor(x / s)] ? 1 : 0;
  return out;
}

/** |A ∩ B| / |A ∪ B| of two binary masks (nonzero = in); 1 when both are empty. */
export function jaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ? 1 : 0;
    const y = b[i] ? 1 : 0;
    inter += x & y;
    union += x | y;
  }
  return union ? inter / union : 1;
}

/** A dataset mask (coverage 0–255) as binary: the object where coverage > 127. */
export const objectMask = (coverage: ArrayLike<number>): Uint8Array => Uint8Array.from(coverage as ArrayLike<number>, (v) => (v > 127 ? 1 : 0));

/** Jaccard of one attention map (grid·grid) against one object mask (size·size coverage). */
export function attentionJaccard(att: ArrayLike<number>, grid: number, coverage: ArrayLike<number>, size = 32, mass = ATTENTION_MASS): number {
  return jaccard(upsampleMask(attentionMask(att, mass), grid, size), objectMask(coverage));
}

/** The pixels whose centres lie within `radius` of the image centre. */
export function discMask(radius: number, size = 32): Uint8Array {
  const out = new Uint8Array(size * size);
  const c = size / 2;
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) out[y * size + x] = (x + 0.5 - c) ** 2 + (y + 0.5 - c) ** 2 <= radius * radius ? 1 : 0;
  return out;
}

/**
 * The best centred disc for a set of n masks (size·size coverage each): the radius whose disc has
 * the highest mean Jaccard, and that mean. A map that does not beat it knows no more than "objects
 * tend to sit in the middle".
 */
export function bestDiscPrior(masks: Uint8Array, n: number, size = 32): { radius: number; jaccard: number } {
  const objects = Array.from({ length: n }, (_, i) => objectMask(masks.subarray(i * size * size, (i + 1) * size * size)));
  let best = { radius: 0, jaccard: -1 };
  for (let r = 1; r <= size * 0.75; r += 0.5) {
    const disc = discMask(r, size);
    const mean = objects.reduce((a, o) => a + jaccard(disc, o), 0) / n;
    if (mean > best.jaccard) best = { radius: r, jaccard: mean };
  }
  return best;
}
