// The DINO family's cross-view cross-entropy (methods/distill.ts crossViewLoss) on WebGPU from the
// student's log-probabilities: 4 programs forward (each row's cross-entropy and teacher entropy
// summed over its pairs, the two means, KL) and 1 backward, where tfjs' ops take ~35 and ~30 for
// DINO's 2 + 2 crops. Pairs are (teacher view iq, student view v ≠ iq); the teacher's targets are
// constants (the teacher learns by EMA). Tested against the composite on Chromium's WebGPU
// (e2e/fused-kernels.spec.ts).
import * as tf from '@tensorflow/tfjs';
import { runProgram } from './webgpu-program';

type Grad = Parameters<typeof tf.customGrad>[0];

// [2N]: per row r, Σ over pairs of H(q, p) then Σ over pairs of H(q); A = logp [crops·N, K], B = q [globals·N, K]
const ROWS = `if (index >= uniforms.n) { return; }
  let n = uniforms.n; let k = uniforms.k;
  var ce = 0.0; var ent = 0.0;
  for (var iq = 0; iq < uniforms.globals; iq++) {
    let qo = (iq * n + index) * k;
    var h = 0.0;
    for (var j = 0; j < k; j++) { let q = B[qo + j]; h -= q * log(max(q, 1e-30)); }
    ent += h * f32(uniforms.crops - 1);
    for (var v = 0; v < uniforms.crops; v++) {
      if (v == iq) { continue; }
      let so = (v * n + index) * k;
      var c = 0.0;
      for (var j = 0; j < k; j++) { c -= B[qo + j] * A[so + j]; }
      ce += c;
    }
  }
  result[index] = ce;
  result[n + index] = ent;`;

const MEAN = (offset: string) => `if (index > 0) { return; }
  var s = 0.0;
  for (var i = 0; i < uniforms.n; i++) { s += A[${offset} + i]; }
  result[0] = s / (f32(uniforms.n) * f32(uniforms.terms));`;

// d logp[v·N + r, j] = −g/(N·terms)·Σ_{iq ≠ v} q[iq·N + r, j]; A = q, B = g
const DLOGP = `if (index >= uniforms.crops * uniforms.n * uniforms.k) { return; }
  let n = uniforms.n; let k = uniforms.k;
  let v = index / (n * k); let rest = index % (n * k);
  var s = 0.0;
  for (var iq = 0; iq < uniforms.globals; iq++) { if (iq != v) { s += A[iq * n * k + rest]; } }
  result[index] = -B[0] * s / (f32(n) * f32(uniforms.terms));`;

/** logp: [crops·N, K] student log-probabilities, crop-major; q: [globals·N, K] teacher targets. */
export function crossViewFused(logp: tf.Tensor2D, q: tf.Tensor2D, crops: number, globals: number): { loss: tf.Scalar; teacherEntropy: tf.Scalar; kl: tf.Scalar } {
  const k = logp.shape[1];
  const n = q.shape[0] / globals;
  let terms = 0;
  for (let iq = 0; iq < globals; iq++) for (let v = 0; v < crops; v++) if (v !== iq) terms++;
  const u = { n: { i: n }, k: { i: k }, crops: { i: crops }, globals: { i: globals }, terms: { i: terms } };
  let entropy: tf.Tensor | null = null;
  const f = tf.customGrad(((logp: tf.Tensor, save: tf.GradSaveFunc) => {
    const rows = runProgram('xview_rows', [2 * n], [logp, q], u, n, ROWS);
    // customGrad disposes what f made besides its value: kept here, handed to the caller's scope below
    entropy = tf.keep(runProgram('xview_entropy', [], [rows], u, 1, MEAN('uniforms.n')));
    save([q]);
    return {
      value: runProgram('xview_loss', [], [rows], u, 1, MEAN('0')),
      gradFunc: (g: tf.Tensor, [sq]: tf.Tensor[]) => runProgram('xview_dlogp', [crops * n, k], [sq, g], u, crops * n * k, DLOGP),
    };
  }) as unknown as Grad);
  const loss = f(logp) as tf.Scalar;
  const kept = entropy! as tf.Tensor;
  const teacherEntropy = tf.clone(kept) as tf.Scalar; // shares the buffer; no dispatch
  kept.dispose();
  return { loss, teacherEntropy, kl: tf.sub(loss, teacherEntropy) as tf.Scalar };
}
