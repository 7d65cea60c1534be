// ℓ2-normalising rows in WGSL, forward and backward, for the fused programs that start with it
// (unit rows, NT-Xent, KoLeo). Two floors, as the composite paths they replace:
// - on the norm, y = x / max(‖x‖, floor) (PyTorch's F.normalize; unit rows, KoLeo);
// - on the squared norm, y = x · rsqrt(max(‖x‖², floor)) (SimCLR's reference code).
// Where the floor holds, y is x times a constant, so dx = dy times it; elsewhere
// dx = (dy − y·(y·dy)) / ‖x‖.

export interface RowNorm {
  /** WGSL expression: the number of rows (one thread each) */
  rows: string;
  /** WGSL expression: the floor */
  floor: string;
  /** the floor is on ‖x‖² (rsqrt) rather than on ‖x‖ */
  squared?: boolean;
}

/** `inv` (the factor that normalises row `o` of `src`) and `clamped` (whether the floor set it). */
function scale(src: string, n: RowNorm): string {
  const sum = `var q = 0.0;
  for (var e = 0; e < d; e++) { q += ${src}[o + e] * ${src}[o + e]; }`;
  return n.squared
    ? `${sum}
  let clamped = q <= ${n.floor}; let inv = inverseSqrt(max(q, ${n.floor}));`
    : `${sum}
  let len = sqrt(q); let clamped = len <= ${n.floor}; let inv = 1.0 / max(len, ${n.floor});`;
}

/** Program body for [rows, d] (uniforms.d columns): the normalised rows of A. */
export function normRowsBody(n: RowNorm): string {
  return `if (index >= ${n.rows}) { return; }
  let d = uniforms.d; let o = index * d; ${scale('A', n)}
  for (var e = 0; e < d; e++) { result[o + e] = A[o + e] * inv; }`;
}

/** Program body for [rows, d]: the gradient through the normalisation; A = dy, B = x. */
export function normRowsGradBody(n: RowNorm): string {
  return `if (index >= ${n.rows}) { return; }
  let d = uniforms.d; let o = index * d; ${scale('B', n)}
  var dot = 0.0;
  if (!clamped) { for (var e = 0; e < d; e++) { dot += B[o + e] * inv * A[o + e]; } }
  for (var e = 0; e < d; e++) { result[o + e] = (A[o + e] - B[o + e] * inv * dot) * inv; }`;
}
