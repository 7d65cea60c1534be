// Representation diagnostics, computed in float64 on data read back at evaluation time (never in
// the training loop). Formulas as the papers' code computes them (Wang & Isola 2020 for alignment
// and uniformity, SimSiam §4.1 for the std, Garrido et al. 2023 for RankMe); the reference vectors
// in src/engine/__fixtures__ hold them to an independent float64 implementation.

export type Matrix = Float32Array | Float64Array;

/** Rows of an n×d row-major matrix, ℓ2-normalised (eps 1e-12 on the squared norm, as SimCLR). */
export function l2NormalizeRows(x: Matrix, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j] ** 2;
    const inv = 1 / Math.sqrt(Math.max(s, 1e-12));
    for (let j = 0; j < d; j++) out[i * d + j] = x[i * d + j] * inv;
  }
  return out;
}

/** Wang & Isola alignment (α = 2): mean ‖x_i − y_i‖² over positive pairs of normalised rows. */
export function alignment(x: Matrix, y: Matrix, n: number, d: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) s += (x[i * d + j] - y[i * d + j]) ** 2;
  return s / n;
}

/** Wang & Isola uniformity (t = 2): log mean over pairs i < j of exp(−t‖x_i − x_j‖²). */
export function uniformity(x: Matrix, n: number, d: number, t = 2): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      let d2 = 0;
      for (let j = 0; j < d; j++) d2 += (x[i * d + j] - x[k * d + j]) ** 2;
      s += Math.exp(-t * d2);
    }
  }
  return Math.log(s / ((n * (n - 1)) / 2));
}

/** SimSiam's collapse indicator: per-feature std (ddof 1) of the normalised rows, averaged. ≈1/√d healthy, → 0 collapsed. */
export function normalizedStd(z: Matrix, n: number, d: number): number {
  const zn = l2NormalizeRows(z, n, d);
  let total = 0;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += zn[i * d + j];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (zn[i * d + j] - m) ** 2;
    total += Math.sqrt(v / (n - 1));
  }
  return total / d;
}

/** Eigenvalues of a symmetric m×m matrix (cyclic Jacobi; m ≤ a few hundred). */
export function symmetricEigenvalues(a: Float64Array, m: number): Float64Array {
  const A = Float64Array.from(a);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += A[p * m + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = A[p * m + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q * m + q] - A[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = A[k * m + p];
          const akq = A[k * m + q];
          A[k * m + p] = c * akp - s * akq;
          A[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = A[p * m + k];
          const aqk = A[q * m + k];
          A[p * m + k] = c * apk - s * aqk;
          A[q * m + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from({ length: m }, (_, i) => A[i * m + i]);
}

/** Singular values of an n×d matrix, largest first, via the smaller Gram matrix. */
export function singularValues(z: Matrix, n: number, d: number): Float64Array {
  const m = Math.min(n, d);
  const g = new Float64Array(m * m);
  const byRows = n <= d; // Z Zᵀ (n×n) or Zᵀ Z (d×d)
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let s = 0;
      if (byRows) for (let j = 0; j < d; j++) s += z[a * d + j] * z[b * d + j];
      else for (let i = 0; i < n; i++) s += z[i * d + a] * z[i * d + b];
      g[a * m + b] = s;
      g[b * m + a] = s;
    }
  }
  return symmetricEigenvalues(g, m)
    .map((e) => Math.sqrt(Math.max(e, 0)))
    .sort((x, y) => y - x);
}

/** RankMe (Garrido et al. 2023): exp of the entropy of the normalised singular values. */
export function rankMe(z: Matrix, n: number, d: number, eps = 1e-7): number {
  return rankMeOfSingularValues(singularValues(z, n, d), eps);
}

export function rankMeOfSingularValues(s: Float64Array, eps = 1e-7): number {
  const total = s.reduce((a, b) => a + b, 0);
  let h = 0;
  for (const v of s) {
    const p = v / total + eps;
    h -= p * Math.log(p);
  }
  return Math.exp(h);
}

/** Mean cosine similarity over pairs i < j: 1 when every row points the same way, ≈ 0 when spread. */
export function meanPairwiseCosine(z: Matrix, n: number, d: number): number {
  const zn = l2NormalizeRows(z, n, d);
  const sum = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sum[j] += zn[i * d + j];
  let sq = 0;
  for (let j = 0; j < d; j++) sq += sum[j] ** 2;
  // ‖Σ zᵢ‖² = n + 2 Σ_{i<j} cos(zᵢ, zⱼ)
  return (sq - n) / (n * (n - 1));
}
