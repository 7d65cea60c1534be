// KoLeo (ops/koleo.ts) on WebGPU: 3 programs forward (ℓ2-normalise, each row's nearest neighbour
// and distance, the mean) and 2 backward, where tfjs' ops take ~17 and ~25. The neighbour is the
// first row of largest cosine other than itself, as the composite's argMax; the gradient reaches
// the neighbour too. Tested against the composite on Chromium's WebGPU (e2e/fused-kernels.spec.ts).
import * as tf from '@tensorflow/tfjs';
import { runProgram } from './webgpu-program';
import { normRowsBody, normRowsGradBody, type RowNorm } from './wgsl-rows';

type Grad = Parameters<typeof tf.customGrad>[0];

const ROWS: RowNorm = { rows: 'uniforms.n', floor: 'uniforms.eps' };

/** [2n]: distance to the nearest neighbour, then its index; A = x̂ */
const NEAREST = `if (index >= uniforms.n) { return; }
  let d = uniforms.d; let o = index * d;
  var best = -3.4e38; var arg = 0;
  for (var j = 0; j < uniforms.n; j++) {
    var s = 0.0;
    for (var e = 0; e < d; e++) { s += A[o + e] * A[j * d + e]; }
    if (j == index) { s = s - 3.0; }
    if (s > best) { best = s; arg = j; }
  }
  var q = 0.0;
  for (var e = 0; e < d; e++) { let t = A[o + e] - A[arg * d + e] + uniforms.eps; q += t * t; }
  result[index] = sqrt(q);
  result[uniforms.n + index] = f32(arg);`;

const LOSS = `if (index > 0) { return; }
  var s = 0.0;
  for (var i = 0; i < uniforms.n; i++) { s += log(A[i] + uniforms.eps); }
  result[0] = -s / f32(uniforms.n);`;

/** dx̂_k = a_k·u_k − Σ_{i: nn(i) = k} a_i·u_i, a_i = −g/(n·(dist_i + ε)), u_i = (x̂_i − x̂_nn(i) + ε)/dist_i; A = x̂, B = nearest, C = g */
const DXN = `if (index >= uniforms.n * uniforms.d) { return; }
  let d = uniforms.d; let n = uniforms.n; let k = index / d; let e = index % d;
  let g = C[0] / f32(n);
  var acc = 0.0;
  for (var i = 0; i < n; i++) {
    let j = i32(B[n + i]);
    if (i != k && j != k) { continue; }
    let dist = B[i];
    let u = (A[i * d + e] - A[j * d + e] + uniforms.eps) / dist;
    let a = -g / (dist + uniforms.eps);
    if (i == k) { acc += a * u; }
    if (j == k) { acc -= a * u; }
  }
  result[index] = acc;`;


export function koleoFused(x: tf.Tensor2D, eps: number): tf.Scalar {
  const [n, d] = x.shape;
  const u = { n: { i: n }, d: { i: d }, eps };
  const f = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const xn = runProgram('koleo_norm', [n, d], [x], u, n, normRowsBody(ROWS));
    const nearest = runProgram('koleo_nearest', [2 * n], [xn], u, n, NEAREST);
    save([x, xn, nearest]);
    return {
      value: runProgram('koleo_loss', [], [nearest], u, 1, LOSS),
      gradFunc: (g: tf.Tensor, [sx, sxn, snear]: tf.Tensor[]) => {
        const dxn = runProgram('koleo_dxn', [n, d], [sxn, snear, g], u, n * d, DXN);
        return runProgram('koleo_dx', [n, d], [dxn, sx], u, n, normRowsGradBody(ROWS));
      },
    };
  }) as unknown as Grad);
  return f(x) as tf.Scalar;
}
