// Principal components of a point cloud, for the embedding view and the patch-feature maps.
// Power iteration on the covariance with deflation (d ≤ 256): a few ms, no SVD kernel needed.
import { mulberry32 } from '../rng';

/**
 * The first `k` principal components of n rows of x ([n, d], row-major): the projections of every
 * row ([n, k]) and the unit basis ([k, d]). With `previous`, each component's sign follows the
 * previous basis, so a live figure does not flip colours between frames.
 */
export function pca(x: Float32Array, n: number, d: number, k: number, previous?: Float64Array): { coords: Float32Array; basis: Float64Array } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = x[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      for (let b = 0; b < d; b++) cov[a * d + b] += ra * row[b];
    }
  }
  const rng = mulberry32(7);
  const basis = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    let v = Float64Array.from({ length: d }, () => rng() - 0.5);
    for (let it = 0; it < 100; it++) {
      const w = new Float64Array(d);
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let b = 0; b < d; b++) s += cov[a * d + b] * v[b];
        w[a] = s;
      }
      // deflate: stay orthogonal to the components already found
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let a = 0; a < d; a++) dot += w[a] * basis[p * d + a];
        for (let a = 0; a < d; a++) w[a] -= dot * basis[p * d + a];
      }
      const norm = Math.hypot(...w) || 1;
      v = w.map((e) => e / norm);
    }
    if (previous && previous.length >= (c + 1) * d) {
      let dot = 0;
      for (let a = 0; a < d; a++) dot += v[a] * previous[c * d + a];
      if (dot < 0) v = v.map((e) => -e);
    }
    basis.set(v, c * d);
  }
  const coords = new Float32Array(k * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j] - mean[j]) * basis[c * d + j];
      coords[k * i + c] = s;
    }
  }
  return { coords, basis };
}

/** Two components (the embedding view). */
export const pca2 = (x: Float32Array, n: number, d: number, previous?: Float64Array) => pca(x, n, d, 2, previous);
