// The arithmetic behind the temperature lesson's figures: a batch's similarity matrix, each row's
// softmax at τ, and how NT-Xent's gradient shares itself among the negatives. Plain TypeScript on
// small arrays (at most 64 views), cheap enough for the main thread.

/** Images in the similarity matrix (2× as many rows): few enough to point at on a projector. */
export const MATRIX_IMAGES = 24;

/**
 * The matrix batch: the first m images of a geometry report, SimCLR's order — rows 0…m−1 are first
 * views, m…2m−1 second views. Returns, per matrix row, its row in the report's z ([2n, d]).
 */
export function matrixRows(n: number, m: number): Int32Array {
  const k = Math.min(n, m);
  const rows = new Int32Array(2 * k);
  for (let i = 0; i < k; i++) {
    rows[i] = i;
    rows[k + i] = n + i;
  }
  return rows;
}

/** Cosine similarities of unit rows (dot products), size×size. */
export function cosineMatrix(z: ArrayLike<number>, d: number, rows: ArrayLike<number>): Float64Array {
  const s = rows.length;
  const out = new Float64Array(s * s);
  for (let a = 0; a < s; a++) {
    for (let b = a; b < s; b++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += z[rows[a] * d + j] * z[rows[b] * d + j];
      out[a * s + b] = out[b * s + a] = dot;
    }
  }
  return out;
}

export const positiveOf = (i: number, size: number) => (i < size / 2 ? i + size / 2 : i - size / 2);

/** Row i's softmax over the other views at temperature τ (the anchor's own entry is 0). */
export function rowWeights(sim: Float64Array, size: number, i: number, tau: number): Float64Array {
  const w = new Float64Array(size);
  let max = -Infinity;
  for (let k = 0; k < size; k++) if (k !== i) max = Math.max(max, sim[i * size + k] / tau);
  let z = 0;
  for (let k = 0; k < size; k++) if (k !== i) z += w[k] = Math.exp(sim[i * size + k] / tau - max);
  for (let k = 0; k < size; k++) w[k] /= z;
  return w;
}

/** The `count` negatives of row i most similar to it, hardest first. */
export function hardestNegatives(sim: Float64Array, size: number, i: number, count: number): number[] {
  const pos = positiveOf(i, size);
  return Array.from({ length: size }, (_, k) => k)
    .filter((k) => k !== i && k !== pos)
    .sort((a, b) => sim[i * size + b] - sim[i * size + a])
    .slice(0, count);
}

export interface GradientSplit {
  /** softmax weight of each negative, in the order given */
  weights: Float64Array;
  /** the positive's softmax weight */
  pPos: number;
  /** ℓ = −log pPos */
  loss: number;
  /** 1 / Σ (w_k / Σw)²: how many negatives effectively share the push */
  effective: number;
  /** share of the negatives' total weight held by the hardest `top` of them */
  topShare: (top: number) => number;
}

/**
 * How one anchor's NT-Xent gradient splits: ∂ℓ/∂s_k = p_k/τ for each negative, ∂ℓ/∂s₊ = −(1 − p₊)/τ.
 * sims: the negatives' cosine similarities; sPos: the positive's.
 */
export function gradientSplit(sims: ArrayLike<number>, sPos: number, tau: number): GradientSplit {
  let max = sPos / tau;
  for (let k = 0; k < sims.length; k++) max = Math.max(max, sims[k] / tau);
  const weights = new Float64Array(sims.length);
  let z = Math.exp(sPos / tau - max);
  const ePos = z;
  for (let k = 0; k < sims.length; k++) z += weights[k] = Math.exp(sims[k] / tau - max);
  let neg = 0;
  for (let k = 0; k < sims.length; k++) neg += weights[k] /= z;
  let sq = 0;
  for (let k = 0; k < sims.length; k++) sq += (weights[k] / neg) ** 2;
  const sorted = Float64Array.from(weights).sort().reverse();
  return {
    weights,
    pPos: ePos / z,
    loss: -Math.log(ePos / z),
    effective: 1 / sq,
    topShare: (top) => sorted.subarray(0, top).reduce((a, b) => a + b, 0) / neg,
  };
}

/**
 * A fixed, repeatable set of negative similarities for the derivation panel: the quantiles of a
 * bell around 0 (random directions in a 128-d space are nearly orthogonal), with a few hard ones.
 */
export function syntheticNegatives(count: number, spread = 0.25): Float64Array {
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    // quantile (k + ½)/count of a logistic distribution (close to a normal), clamped to the cosine range
    const q = (k + 0.5) / count;
    out[k] = Math.max(-1, Math.min(0.98, spread * 0.55 * Math.log(q / (1 - q))));
  }
  return out.reverse();
}
