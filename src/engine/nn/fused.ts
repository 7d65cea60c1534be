// Layers that tfjs runs as chains of small kernels, as one or a few WebGPU programs each, with
// their gradients written out: LayerNorm (forward 1 dispatch, backward 3, where tfjs' ops take
// about 11 and 20), the sigmoid GELU (1 and 1, for 3 and ~6) and BatchNorm in training. On every other backend the
// composite ops run, unchanged — they are what the fused programs are tested against
// (e2e/fused-kernels.spec.ts, values and gradients on Chromium's WebGPU).
import * as tf from '@tensorflow/tfjs';
import { onWebgpu, runProgram, WORKGROUP } from './webgpu-program';
import { groupedUpdate } from './webgpu-updates';
import { normRowsBody, normRowsGradBody, type RowNorm } from './wgsl-rows';

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

// One workgroup per channel sums a column of [M, C] (the 64 lanes stride the rows, then a tree in
// workgroup memory); `term` is the summand for row r, channel ch.
const COLUMN_SUM_PRELUDE = `var<workgroup> red : array<f32, ${WORKGROUP}>;
  fn reduceLanes(lane : i32) -> f32 {
    for (var k = ${WORKGROUP / 2}; k > 0; k = k / 2) {
      if (lane < k) { red[lane] += red[lane + k]; }
      workgroupBarrier();
    }
    return red[0];
  }`;
const columnSum = (term: string) => `
  {
    var s = 0.0;
    for (var r = lane; r < uniforms.m; r += ${WORKGROUP}) { s += ${term}; }
    red[lane] = s;
  }
  workgroupBarrier();`;
const CHANNEL = `let ch = index / ${WORKGROUP}; let lane = index % ${WORKGROUP}; let c = uniforms.c;`;

/** [2C]: each channel's batch mean, then its biased variance (two passes). A = x [M, C] */
const BN_STATS = `${CHANNEL} ${columnSum('A[r * c + ch]')}
  let mean = reduceLanes(lane) / f32(uniforms.m);
  workgroupBarrier();
  ${columnSum('(A[r * c + ch] - mean) * (A[r * c + ch] - mean)')}
  let v = reduceLanes(lane) / f32(uniforms.m);
  if (lane == 0) { result[ch] = mean; result[c + ch] = v; }`;
const XHAT = (x: string) => `(${x} - B[ch]) * inverseSqrt(B[c + ch] + uniforms.eps)`;

/**
 * BatchNorm in training on WebGPU: x [M, C] normalised by its batch statistics, γ and β applied;
 * the running statistics move towards them (momentum 0.1, the variance unbiased — PyTorch's rule).
 * Forward 2 programs (+1 updating both running statistics in place), backward 3, where the composite
 * (nn/layers.ts) takes ~15 and ~12. Returns null off WebGPU.
 */
export function batchNormTrainFused(x: tf.Tensor2D, gamma: tf.Variable, beta: tf.Variable, runMean: tf.Variable, runVar: tf.Variable, eps: number): tf.Tensor2D | null {
  if (!onWebgpu()) return null;
  const [m, c] = x.shape;
  const u = { m: { i: m }, c: { i: c }, n: { i: m * c }, eps };
  const f = tf.customGrad(((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const stats = runProgram('bn_stats', [2 * c], [x], u, c * WORKGROUP, BN_STATS, undefined, COLUMN_SUM_PRELUDE);
    moveRunning(runMean, runVar, stats, (0.1 * m) / Math.max(m - 1, 1));
    save([x, stats, g]);
    const value = runProgram('bn_apply', [m, c], [x, stats, g, b], u, m * c, `if (index < uniforms.n) {
        let c = uniforms.c; let ch = index % c; result[index] = ${XHAT('A[index]')} * C[ch] + D[ch]; }`);
    return {
      value,
      gradFunc: (dy: tf.Tensor, [sx, sstats, sg]: tf.Tensor[]) => {
        // A = dy, B = stats, C = x: dγ = Σ dy·x̂, dβ = Σ dy, per channel
        const dg = runProgram('bn_dgamma', [c], [dy, sstats, sx], u, c * WORKGROUP, `${CHANNEL} ${columnSum(`A[r * c + ch] * ${XHAT('C[r * c + ch]')}`)}
            let total = reduceLanes(lane); if (lane == 0) { result[ch] = total; }`, undefined, COLUMN_SUM_PRELUDE);
        const db = runProgram('bn_dbeta', [c], [dy], u, c * WORKGROUP, `${CHANNEL} ${columnSum('A[r * c + ch]')}
            let total = reduceLanes(lane); if (lane == 0) { result[ch] = total; }`, undefined, COLUMN_SUM_PRELUDE);
        // dx = γ·r/M·(M·dy − Σdy − x̂·Σ(dy·x̂)); A = dy, B = stats, C = x, D = γ, E = dγ, F = dβ
        const dx = runProgram('bn_dx', [m, c], [dy, sstats, sx, sg, dg, db], u, m * c, `if (index < uniforms.n) {
            let c = uniforms.c; let ch = index % c; let mf = f32(uniforms.m);
            let r = inverseSqrt(B[c + ch] + uniforms.eps);
            result[index] = D[ch] * r / mf * (mf * A[index] - F[ch] - ${XHAT('C[index]')} * E[ch]); }`);
        return [dx, dg, db];
      },
    };
  }) as unknown as Grad);
  return f(x, gamma, beta) as tf.Tensor2D;
}

/** mean ← 0.9·mean + 0.1·stats[:c], var ← 0.9·var + f·stats[c:], in one dispatch (composed where a buffer is shared: a fresh clone's). */
function moveRunning(runMean: tf.Variable, runVar: tf.Variable, stats: tf.Tensor, f: number): void {
  const c = runMean.size;
  if (!groupedUpdate('bnRunning', [{ writes: [runMean, runVar], reads: [stats] }], { f }).length) return;
  tf.tidy(() => {
    runMean.assign(tf.add(tf.mul(runMean, 0.9), tf.mul(tf.slice(stats, [0], [c]), 0.1)));
    runVar.assign(tf.add(tf.mul(runVar, 0.9), tf.mul(tf.slice(stats, [c], [c]), f)));
  });
}

/** Rows of [N, D] scaled to unit length, x / max(‖x‖, 1e-12) (DINO's head): one program each way on WebGPU. */
export function unitRows(x: tf.Tensor2D): tf.Tensor2D {
  if (!onWebgpu()) return tf.div(x, tf.maximum(tf.norm(x, 2, 1, true), 1e-12)) as tf.Tensor2D;
  const [rows, d] = x.shape;
  const u = { rows: { i: rows }, d: { i: d } };
  const n: RowNorm = { rows: 'uniforms.rows', floor: '1e-12' };
  const f = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return {
      value: runProgram('unit_rows', [rows, d], [x], u, rows, normRowsBody(n)),
      gradFunc: (dy: tf.Tensor, [sx]: tf.Tensor[]) => runProgram('unit_rows_grad', [rows, d], [dy, sx], u, rows, normRowsGradBody(n)),
    };
  }) as unknown as Grad);
  return f(x) as tf.Tensor2D;
}

/**
 * x·w + b on WebGPU with the gradient written out: the bias rides in the matMul's program, and
 * its gradient, the column sums of dy, is one program, where tfjs' fused matMul gradient
 * transposes dy and reduces it (two dispatches) among several reshapes.
 */
export function denseFused(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  const [rows] = x.shape;
  const cols = w.shape[1];
  const u = { rows: { i: rows }, cols: { i: cols } };
  const f = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, w]);
    return {
      value: tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b }),
      gradFunc: (dy: tf.Tensor, [sx, sw]: tf.Tensor[]) => [
        tf.matMul(dy as tf.Tensor2D, sw as tf.Tensor2D, false, true),
        tf.matMul(sx as tf.Tensor2D, dy as tf.Tensor2D, true, false),
        runProgram('column_sums', [cols], [dy], u, cols, `if (index >= uniforms.cols) { return; }
          var s = 0.0;
          for (var r = 0; r < uniforms.rows; r++) { s += A[r * uniforms.cols + index]; }
          result[index] = s;`),
      ],
    };
  }) as unknown as Grad);
  return f(x, w, b) as tf.Tensor2D;
}
