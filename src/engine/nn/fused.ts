// Layers that tfjs runs as chains of small kernels, as one or a few WebGPU programs each, with
// their gradients written out: LayerNorm (forward 1 dispatch, backward 3, where tfjs' ops take
// about 11 and 20) and the sigmoid GELU (1 and 1, for 3 and ~6). On every other backend the
// composite ops run, unchanged — they are what the fused programs are tested against
// (e2e/fused-kernels.spec.ts, values and gradients on Chromium's WebGPU).
import * as tf from '@tensorflow/tfjs';
import { onWebgpu, runProgram } from './webgpu-program';

type Grad = Parameters<typeof tf.customGrad>[0];

// the row statistics, recomputed where a program needs them (cheaper than a pass to store them)
const ROW_STATS = `
  var mean = 0.0;
  for (var j = 0; j < c; j++) { mean += X[base + j]; }
  mean = mean / f32(c);
  var v = 0.0;
  for (var j = 0; j < c; j++) { let d = X[base + j] - mean; v += d * d; }
  let r = inverseSqrt(v / f32(c) + uniforms.eps);`;
const stats = (x: string) => ROW_STATS.replaceAll('X[', `${x}[`);

/** LayerNorm over the last axis: (x − mean)·rsqrt(var + eps)·γ + β, var the biased variance (as PyTorch). */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  if (!onWebgpu()) {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
  }
  const c = x.shape[x.shape.length - 1];
  const rows = x.size / c;
  const u = { rows: { i: rows }, cols: { i: c }, eps };
  const f = tf.customGrad(((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, g]);
    const value = runProgram('ln', x.shape, [x, g, b], u, rows, `if (index < uniforms.rows) {
        let c = uniforms.cols; let base = index * c; ${stats('A')}
        for (var j = 0; j < c; j++) { result[base + j] = (A[base + j] - mean) * r * B[j] + C[j]; } }`);
    return {
      value,
      gradFunc: (dy: tf.Tensor, [sx, sg]: tf.Tensor[]) => {
        // dx = r·(dy·γ − mean(dy·γ) − x̂·mean(dy·γ·x̂)), per row
        const dx = runProgram('ln_dx', sx.shape, [dy, sx, sg], u, rows, `if (index < uniforms.rows) {
            let c = uniforms.cols; let base = index * c; ${stats('B')}
            var sg = 0.0; var sgx = 0.0;
            for (var j = 0; j < c; j++) { let g = A[base + j] * C[j]; sg += g; sgx += g * (B[base + j] - mean) * r; }
            sg = sg / f32(c); sgx = sgx / f32(c);
            for (var j = 0; j < c; j++) { result[base + j] = r * (A[base + j] * C[j] - sg - (B[base + j] - mean) * r * sgx); } }`);
        // dγ = Σ_rows dy·x̂ and dβ = Σ_rows dy, one thread per column
        const dg = runProgram('ln_dgamma', [c], [dy, sx], u, c, `if (index < uniforms.cols) {
            let c = uniforms.cols; var acc = 0.0;
            for (var row = 0; row < uniforms.rows; row++) { let base = row * c; ${stats('B')}
              acc += A[base + index] * (B[base + index] - mean) * r; }
            result[index] = acc; }`);
        const db = runProgram('ln_dbeta', [c], [dy], u, c, `if (index < uniforms.cols) {
            var acc = 0.0;
            for (var row = 0; row < uniforms.rows; row++) { acc += A[row * uniforms.cols + index]; }
            result[index] = acc; }`);
        return [dx, dg, db];
      },
    };
  }) as unknown as Grad);
  return f(x, gamma, beta);
}

/** GELU, the sigmoid approximation x·σ(1.702x) (as CLIP): wasm's tanh kernel is ~6× slower than its sigmoid. */
export function gelu(x: tf.Tensor): tf.Tensor {
  if (!onWebgpu()) return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
  const u = { n: { i: x.size } };
  const f = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return {
      value: runProgram('gelu', x.shape, [x], u, x.size, `if (index < uniforms.n) {
          let x = A[index]; result[index] = x / (1.0 + exp(-1.702 * x)); }`),
      gradFunc: (dy: tf.Tensor, [sx]: tf.Tensor[]) =>
        runProgram('gelu_grad', sx.shape, [dy, sx], u, sx.size, `if (index < uniforms.n) {
            let x = B[index]; let s = 1.0 / (1.0 + exp(-1.702 * x));
            result[index] = A[index] * (s + 1.702 * x * s * (1.0 - s)); }`),
    };
  }) as unknown as Grad);
  return f(x);
}
