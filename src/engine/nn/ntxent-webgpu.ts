// NT-Xent (SimCLR's loss, simclr.ts) on WebGPU from the 2N projections as rows: 5 programs forward
// (ℓ2-normalise, similarities, per-anchor loss, the two means) and 3 backward, where tfjs' ops
// take ~20 and ~25. Row i's positive is row (i + N) mod 2N; the anchor itself is left out of its
// softmax, as the composite's −1e9 on the diagonal does. Tested against the composite on
// Chromium's WebGPU (e2e/fused-kernels.spec.ts).
import * as tf from '@tensorflow/tfjs';
import { runProgram } from './webgpu-program';
import { normRowsBody, normRowsGradBody, type RowNorm } from './wgsl-rows';

type Grad = Parameters<typeof tf.customGrad>[0];

/** as l2Normalize (simclr.ts): the floor on the squared norm */
const NORM: RowNorm = { rows: 'uniforms.rows', floor: '1e-12', squared: true };

/** [2·2N]: anchor i's loss lse_i − s_ip/τ, then 1 where the positive is its most similar view. A = S [2N, 2N] */
const ROWS = `if (index >= uniforms.rows) { return; }
  let n2 = uniforms.rows; let pos = (index + n2 / 2) % n2; let o = index * n2;
  var m = -3.4e38; var best = -3.4e38; var arg = -1;
  for (var j = 0; j < n2; j++) {
    if (j == index) { continue; }
    let l = A[o + j] / uniforms.tau;
    m = max(m, l);
    if (l > best) { best = l; arg = j; }
  }
  var z = 0.0;
  for (var j = 0; j < n2; j++) { if (j != index) { z += exp(A[o + j] / uniforms.tau - m); } }
  result[index] = m + log(z) - A[o + pos] / uniforms.tau;
  result[n2 + index] = select(0.0, 1.0, arg == pos);`;

const MEAN = (offset: string) => `if (index > 0) { return; }
  var s = 0.0;
  for (var i = 0; i < uniforms.rows; i++) { s += A[${offset} + i]; }
  result[0] = s / f32(uniforms.rows);`;

/** dS + dSᵀ, dS_ij = g/(2N·τ)·(softmax_i(j) − [j = pos(i)]); A = S, B = rows (loss_i), C = g */
const DSYM = `let n2 = uniforms.rows;
  if (index >= n2 * n2) { return; }
  let i = index / n2; let j = index % n2;
  let scale = C[0] / (f32(n2) * uniforms.tau);
  var total = 0.0;
  for (var k = 0; k < 2; k++) {
    let a = select(i, j, k == 1); let b = select(j, i, k == 1);
    if (a != b) {
      let pos = (a + n2 / 2) % n2;
      let lse = B[a] + A[a * n2 + pos] / uniforms.tau;
      total += scale * (exp(A[a * n2 + b] / uniforms.tau - lse) - select(0.0, 1.0, b == pos));
    }
  }
  result[index] = total;`;


/** z: [2N, D] raw projections, row i and row i + N a positive pair. */
export function ntXentFused(z: tf.Tensor2D, temperature: number): { loss: tf.Scalar; accuracy: tf.Scalar } {
  const [rows, d] = z.shape;
  const u = { rows: { i: rows }, d: { i: d }, tau: temperature };
  const forward = (z: tf.Tensor) => {
    const zn = runProgram('nt_norm', [rows, d], [z], u, rows, normRowsBody(NORM));
    const s = tf.matMul(zn as tf.Tensor2D, zn as tf.Tensor2D, false, true);
    return { zn, s, perRow: runProgram('nt_rows', [2 * rows], [s], u, rows, ROWS) };
  };
  let accuracy: tf.Tensor | null = null;
  const f = tf.customGrad(((z: tf.Tensor, save: tf.GradSaveFunc) => {
    const { zn, s, perRow } = forward(z);
    // customGrad disposes what f made besides its value: kept here, handed to the caller's scope below
    accuracy = tf.keep(runProgram('nt_acc', [], [perRow], u, 1, MEAN('uniforms.rows')));
    save([z, zn, s, perRow]);
    return {
      value: runProgram('nt_loss', [], [perRow], u, 1, MEAN('0')),
      gradFunc: (g: tf.Tensor, [sz, szn, ss, sRows]: tf.Tensor[]) => {
        const dsym = runProgram('nt_dsym', [rows, rows], [ss, sRows, g], u, rows * rows, DSYM);
        const dzn = tf.matMul(dsym as tf.Tensor2D, szn as tf.Tensor2D);
        return runProgram('nt_dnorm', [rows, d], [dzn, sz], u, rows, normRowsGradBody(NORM));
      },
    };
  }) as unknown as Grad);
  const loss = f(z) as tf.Scalar;
  const kept = accuracy! as tf.Tensor;
  const acc = tf.clone(kept) as tf.Scalar; // shares the buffer; no dispatch
  kept.dispose();
  return { loss, accuracy: acc };
}
