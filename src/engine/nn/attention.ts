// Multi-head self-attention from the packed q|k|v projection, softmax(q·kᵀ/√dh)·v per head.
// On WebGPU: two programs forward (the probabilities, then their mix of v, written straight into
// the [B·T, D] layout the output projection reads) and two backward (the score gradients, then
// q, k and v's gradients into the packed layout), where tfjs' ops take ~9 and ~20 with their
// transposes and slices. Elsewhere the composite ops below run; the fused path is tested against
// them (e2e/fused-kernels.spec.ts).
import * as tf from '@tensorflow/tfjs';
import { bmm } from './ops';
import { onWebgpu, runProgram } from './webgpu-program';

type Grad = Parameters<typeof tf.customGrad>[0];

/** [B·T, 3D] with columns q | k | v, each head-major (head h at h·dh). */
export interface Packed {
  qkv: tf.Tensor2D;
  b: number;
  t: number;
  heads: number;
}

function composite({ qkv, b, t, heads }: Packed, wantProbs: boolean): { mixed: tf.Tensor2D; probs?: tf.Tensor3D } {
  const d = qkv.shape[1] / 3;
  const dh = d / heads;
  // [B·T, 3D] → [B, T, 3H, dh] → [3H, B, T, dh]: head-major, so q, k and v are contiguous slices,
  // and 4-D transposes only (wasm's 5-D transpose is ~50× slower)
  const heads4 = qkv.reshape([b, t, 3 * heads, dh]).transpose([2, 0, 1, 3]);
  const part = (j: number) => tf.slice(heads4, [j * heads, 0, 0, 0], [heads, b, t, dh]).reshape([heads * b, t, dh]) as tf.Tensor3D;
  const kT = tf.transpose(part(1), [0, 2, 1]) as tf.Tensor3D;
  const probs = tf.softmax(bmm(tf.mul(part(0), 1 / Math.sqrt(dh)) as tf.Tensor3D, kT)) as tf.Tensor3D; // [H·B, T, T]
  const mixed = bmm(probs, part(2)).reshape([heads, b, t, dh]).transpose([1, 2, 0, 3]).reshape([b * t, d]) as tf.Tensor2D;
  return { mixed, probs: wantProbs ? probs : undefined };
}

// index helpers shared by the programs: row (b, t) of the packed input, head h, channel e
const HEADER = `let T = uniforms.t; let NB = uniforms.b; let NH = uniforms.heads; let DH = uniforms.dh;
  let W = NH * DH; let W3 = 3 * W;`;

/** probabilities [H·B, T, T], one thread per (h, b, i) row: scores, then max, exp and sum in place */
const PROBS = `${HEADER}
  if (index >= NH * NB * T) { return; }
  let hb = index / T; let i = index % T; let h = hb / NB; let b = hb % NB;
  let qo = (b * T + i) * W3 + h * DH;
  var m = -3.4e38;
  for (var j = 0; j < T; j++) {
    let ko = (b * T + j) * W3 + W + h * DH;
    var s = 0.0;
    for (var e = 0; e < DH; e++) { s += A[qo + e] * A[ko + e]; }
    s = s * uniforms.scale;
    result[index * T + j] = s;
    m = max(m, s);
  }
  var z = 0.0;
  for (var j = 0; j < T; j++) { let p = exp(result[index * T + j] - m); result[index * T + j] = p; z += p; }
  for (var j = 0; j < T; j++) { result[index * T + j] = result[index * T + j] / z; }`;

/** mixed [B·T, D] = P·v per head; A = probs, B = qkv */
const MIX = `${HEADER}
  if (index >= NB * T * W) { return; }
  let row = index / W; let col = index % W; let h = col / DH; let e = col % DH;
  let b = row / T; let i = row % T;
  let po = ((h * NB + b) * T + i) * T;
  var acc = 0.0;
  for (var j = 0; j < T; j++) { acc += A[po + j] * B[(b * T + j) * W3 + 2 * W + h * DH + e]; }
  result[index] = acc;`;

/** score gradients [H·B, T, T] (through the softmax, times the scale); A = dmixed, B = qkv, C = probs */
const DSCORES = `${HEADER}
  if (index >= NH * NB * T) { return; }
  let hb = index / T; let i = index % T; let h = hb / NB; let b = hb % NB;
  let go = (b * T + i) * W + h * DH;
  var dot = 0.0;
  for (var j = 0; j < T; j++) {
    let vo = (b * T + j) * W3 + 2 * W + h * DH;
    var s = 0.0;
    for (var e = 0; e < DH; e++) { s += A[go + e] * B[vo + e]; }
    result[index * T + j] = s;
    dot += s * C[index * T + j];
  }
  for (var j = 0; j < T; j++) { result[index * T + j] = C[index * T + j] * (result[index * T + j] - dot) * uniforms.scale; }`;

/** d(q|k|v) [B·T, 3D]; A = dscores, B = qkv, C = probs, D = dmixed */
const DQKV = `${HEADER}
  if (index >= NB * T * W3) { return; }
  let row = index / W3; let c = index % W3; let part = c / W; let hc = c % W; let h = hc / DH; let e = hc % DH;
  let b = row / T; let t = row % T;
  let so = (h * NB + b) * T;
  var acc = 0.0;
  if (part == 0) {
    for (var j = 0; j < T; j++) { acc += A[(so + t) * T + j] * B[(b * T + j) * W3 + W + h * DH + e]; }
  } else if (part == 1) {
    for (var i = 0; i < T; i++) { acc += A[(so + i) * T + t] * B[(b * T + i) * W3 + h * DH + e]; }
  } else {
    for (var i = 0; i < T; i++) { acc += C[(so + i) * T + t] * D[(b * T + i) * W + h * DH + e]; }
  }
  result[index] = acc;`;

/**
 * Attention of the packed projection: the mix [B·T, D] (head h in columns h·dh…), and with
 * `wantProbs` the probabilities [H·B, T, T] (for attention maps; not differentiated on WebGPU).
 */
export function selfAttention(p: Packed, wantProbs = false): { mixed: tf.Tensor2D; probs?: tf.Tensor3D } {
  if (!onWebgpu()) return composite(p, wantProbs);
  const { b, t, heads } = p;
  const d = p.qkv.shape[1] / 3;
  const dh = d / heads;
  const u = { t: { i: t }, b: { i: b }, heads: { i: heads }, dh: { i: dh }, scale: 1 / Math.sqrt(dh) };
  const probsOf = (qkv: tf.Tensor) => runProgram('attn_probs', [heads * b, t, t], [qkv], u, heads * b * t, PROBS);
  const f = tf.customGrad(((qkv: tf.Tensor, save: tf.GradSaveFunc) => {
    const probs = probsOf(qkv);
    save([qkv, probs]);
    return {
      value: runProgram('attn_mix', [b * t, d], [probs, qkv], u, b * t * d, MIX),
      gradFunc: (dy: tf.Tensor, [sqkv, sprobs]: tf.Tensor[]) => {
        const ds = runProgram('attn_dscores', [heads * b, t, t], [dy, sqkv, sprobs], u, heads * b * t, DSCORES);
        return runProgram('attn_dqkv', [b * t, 3 * d], [ds, sqkv, sprobs, dy], u, b * t * 3 * d, DQKV);
      },
    };
  }) as unknown as Grad);
  return { mixed: f(p.qkv) as tf.Tensor2D, probs: wantProbs ? (probsOf(p.qkv) as tf.Tensor3D) : undefined }; // outside the tape: no gradient
}
