// Differentiable ops with gradients chosen for speed on every backend.
//
// Why this file exists: tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel (training a
// convnet fails outright), its Conv2DBackpropInput is ~10× slower than a forward conv, and its
// matMul with a transpose flag is ~10× slower than a plain matMul of pre-transposed operands
// (measured on a 2-core machine; numbers in the README's performance section). So on backends
// that lack the kernel we express both conv gradients as fast forward ops:
//   dW: im2col by a depthwise conv with one-hot filters, then one plain matMul;
//   dX (stride 2): the four output phases of the transposed conv computed by one 2×2 conv,
//       interleaved by a reshape/transpose (a sub-pixel decomposition).
// GPU backends keep their native kernels.
import * as tf from '@tensorflow/tfjs';
import { MATMUL_EACH } from './wasm-kernels';
import { onWebgpu, runProgram, WORKGROUP } from './webgpu-program';

type Pad4 = [[number, number], [number, number], [number, number], [number, number]];
const PAD1: Pad4 = [[0, 0], [1, 1], [1, 1], [0, 0]];

const onWasm = () => tf.getBackend() === 'wasm';
const hasNativeConvGrad = () => tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;

/** a @ b, with gradients that never use matMul's transpose flags (slow on wasm). */
export function mm(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (!onWasm()) return tf.matMul(a, b);
  const f = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved as tf.Tensor2D[];
        return [tf.matMul(dy as tf.Tensor2D, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy as tf.Tensor2D)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(a, b) as tf.Tensor2D;
}

/** a @ bᵀ (e.g. a similarity matrix). */
export function mmT(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return onWasm() ? mm(a, tf.transpose(b)) : tf.matMul(a, b, false, true);
}

/** Per-item 2-D matMuls: wasm's batched kernel is a scalar loop, its 2-D one is XNNPACK (3–5× faster at attention sizes). */
function matMulEach(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  if (tf.getKernel(MATMUL_EACH, tf.getBackend())) return tf.engine().runKernel(MATMUL_EACH, { a, b }, {}) as tf.Tensor3D;
  const bs = tf.unstack(b) as tf.Tensor2D[];
  return tf.stack((tf.unstack(a) as tf.Tensor2D[]).map((ai, i) => tf.matMul(ai, bs[i]))) as tf.Tensor3D;
}

/** wasm's batched kernel for small items (e.g. local crops' 17 tokens), where N kernel calls would cost more than the scalar loop. */
function matMulBatched(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return a.shape[1] * a.shape[2] * b.shape[2] < 16384 ? tf.matMul(a, b) : matMulEach(a, b);
}

/** Batched a @ b ([N, m, k] × [N, k, n]), e.g. attention; on wasm as N plain 2-D matMuls both ways. */
export function bmm(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  if (!onWasm()) return tf.matMul(a, b);
  const f = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: matMulBatched(a as tf.Tensor3D, b as tf.Tensor3D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved as tf.Tensor3D[];
        return [matMulBatched(dy as tf.Tensor3D, tf.transpose(sb, [0, 2, 1])), matMulBatched(tf.transpose(sa, [0, 2, 1]), dy as tf.Tensor3D)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(a, b) as tf.Tensor3D;
}

/**
 * Rows of x at distinct indices (e.g. the masked tokens iBOT scores). wasm has no
 * UnsortedSegmentSum, which gather's built-in gradient needs; with distinct indices the gradient
 * is a scatter.
 */
export function gatherRows(x: tf.Tensor2D, indices: Int32Array): tf.Tensor2D {
  if (tf.getKernel('UnsortedSegmentSum', tf.getBackend())) return tf.gather(x, tf.tensor1d(indices, 'int32'));
  const f = tf.customGrad(((x: tf.Tensor) => ({
    value: tf.gather(x, tf.tensor1d(indices, 'int32')),
    gradFunc: (dy: tf.Tensor) => tf.scatterND(tf.tensor2d(indices, [indices.length, 1], 'int32'), dy, x.shape),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as tf.Tensor2D;
}

/** [3,3,C,9] one-hot filters: a depthwise conv with them extracts the 9 taps of every channel. */
function tapFilters(c: number): tf.Tensor4D {
  const f = new Float32Array(9 * c * 9);
  for (let k = 0; k < 9; k++) for (let ch = 0; ch < c; ch++) f[(k * c + ch) * 9 + k] = 1;
  return tf.tensor4d(f, [3, 3, c, 9]);
}

/**
 * Filter (and bias) gradient of a 3×3, pad-1 conv: im2col (channel-major taps) then one matMul.
 * dyᵀ is made once and serves both: the bias gradient is its row sums (contiguous, fast).
 */
export function conv3x3FilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, stride: number): tf.Tensor4D {
  return conv3x3ParamGrads(x, dy, stride).dw;
}
function conv3x3ParamGrads(x: tf.Tensor4D, dy: tf.Tensor4D, stride: number): { dw: tf.Tensor4D; db: tf.Tensor1D } {
  const [, , , c] = x.shape;
  const [b, ho, wo, co] = dy.shape;
  const cols = tf.depthwiseConv2d(x, tapFilters(c), stride as 1 | 2, PAD1).reshape([b * ho * wo, c * 9]) as tf.Tensor2D;
  const dyT = tf.transpose(dy.reshape([b * ho * wo, co]) as tf.Tensor2D);
  // [Co, C·9] → [Co, C, 3, 3] → [3, 3, C, Co]
  const dw = tf.matMul(dyT, cols).reshape([co, c, 3, 3]).transpose([2, 3, 1, 0]) as tf.Tensor4D;
  return { dw, db: tf.sum(dyT, 1) };
}

// Output phase p (0: even rows, 1: odd rows) of the input gradient reads these 3×3 tap rows from
// dY[a] and dY[a+1]: dX[2a] = dY[a]·W₁ and dX[2a+1] = dY[a]·W₂ + dY[a+1]·W₀ (columns alike).
const PHASE_TAPS = [[1], [2, 0]];

/**
 * Input gradient of a 3×3, stride-2, pad-1 conv for even input sizes, without conv2dTranspose:
 * four small stride-1 convs (1×1, 1×2, 2×1, 2×2 — exactly the 9 taps), one per output phase,
 * interleaved by a reshape/transpose.
 */
export function conv3x3s2InputGrad(dy: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  const [b, ho, wo, co] = dy.shape;
  const c = w.shape[2];
  const phases: tf.Tensor4D[] = [];
  for (let p = 0; p < 2; p++) {
    for (let q = 0; q < 2; q++) {
      const rows = PHASE_TAPS[p];
      const cols = PHASE_TAPS[q];
      const taps: tf.Tensor[] = [];
      for (const r of rows) for (const cc of cols) taps.push(tf.slice(w, [r, cc, 0, 0], [1, 1, c, co]));
      // [rows, cols, C, Co] → [rows, cols, Co, C]: the transposed conv's kernel
      const k = tf.concat(taps, 0).reshape([rows.length, cols.length, c, co]).transpose([0, 1, 3, 2]) as tf.Tensor4D;
      const padded = p || q ? tf.pad(dy, [[0, 0], [0, rows.length - 1], [0, cols.length - 1], [0, 0]]) : dy;
      phases.push(tf.conv2d(padded, k, 1, 'valid'));
    }
  }
  return tf.concat(phases, 3).reshape([b, ho, wo, 2, 2, c]).transpose([0, 1, 3, 2, 4, 5]).reshape([b, 2 * ho, 2 * wo, c]) as tf.Tensor4D;
}

function conv3x3InputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: [number, number, number, number], stride: number): tf.Tensor4D {
  if (stride === 2 && xShape[1] % 2 === 0 && xShape[2] % 2 === 0) return conv3x3s2InputGrad(dy, w);
  if (stride === 1) return tf.conv2d(dy, tf.reverse(w, [0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D, 1, PAD1);
  return tf.conv2dTranspose(dy, w, xShape, stride as 1 | 2, PAD1 as never);
}

/**
 * conv + bias + ReLU as tfjs-webgpu's one fused conv program, with the gradient written out: the
 * ReLU mask in one program, then tfjs' own input and filter gradient kernels and the bias sum
 * (the chain of separate ops costs three more dispatches each way).
 */
function convBiasReluWebgpu(x: tf.Tensor4D, w: tf.Tensor4D, stride: 1 | 2, bias: tf.Tensor1D, inputGrad: boolean): tf.Tensor4D {
  const f = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const y = tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: stride, pad: PAD1 as never, bias: b, activation: 'relu' });
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [sx, sw, sy]: tf.Tensor[]) => {
        const g = runProgram('relu_grad', dy.shape, [dy, sy], { n: { i: dy.size } }, dy.size, 'if (index < uniforms.n) { result[index] = select(0.0, A[index], B[index] > 0.0); }');
        const dx = inputGrad ? tf.conv2dTranspose(g as tf.Tensor4D, sw as tf.Tensor4D, sx.shape as [number, number, number, number], stride, PAD1 as never) : tf.zerosLike(sx);
        const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: sx, dy: g }, { strides: stride, pad: PAD1, dataFormat: 'NHWC', filterShape: sw.shape });
        return [dx, dw as tf.Tensor, tf.sum(g, [0, 1, 2])];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x, w, bias) as tf.Tensor4D;
}

/**
 * 3×3 convolution, padding 1 (PyTorch's `padding=1`), stride 1 or 2, with an optional bias and
 * ReLU fused in. `inputGrad: false` skips the input gradient (first layer: its input is data).
 */
export function conv3x3(x: tf.Tensor4D, w: tf.Tensor4D, stride: 1 | 2, inputGrad = true, bias?: tf.Tensor1D, relu = false): tf.Tensor4D {
  if (bias && relu && onWebgpu()) return convBiasReluWebgpu(x, w, stride, bias, inputGrad);
  if (hasNativeConvGrad()) {
    let y = tf.conv2d(x, w, stride, PAD1);
    if (bias) y = tf.add(y, bias);
    return relu ? tf.relu(y) : y;
  }
  const run = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D | undefined) =>
    tf.fused.conv2d({ x, filter: w, strides: stride, pad: PAD1 as never, bias: b, activation: relu ? 'relu' : 'linear' });
  const grad = (dy: tf.Tensor4D, sx: tf.Tensor4D, sw: tf.Tensor4D, y: tf.Tensor4D) => {
    const g = relu ? tf.mul(dy, tf.step(y)) : dy; // ReLU passes the gradient where it was active
    const dx = inputGrad ? conv3x3InputGrad(g as tf.Tensor4D, sw, sx.shape, stride) : tf.zerosLike(sx);
    return { dx, ...conv3x3ParamGrads(sx, g as tf.Tensor4D, stride) };
  };
  if (bias) {
    const f = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
      const y = run(x as tf.Tensor4D, w as tf.Tensor4D, b as tf.Tensor1D);
      save([x, w, y]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sw, sy] = saved as tf.Tensor4D[];
          const { dx, dw, db } = grad(dy as tf.Tensor4D, sx, sw, sy);
          return [dx, dw, db];
        },
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return f(x, w, bias) as tf.Tensor4D;
  }
  const f = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
    const y = run(x as tf.Tensor4D, w as tf.Tensor4D, undefined);
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw, sy] = saved as tf.Tensor4D[];
        const { dx, dw } = grad(dy as tf.Tensor4D, sx, sw, sy);
        return [dx, dw];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x, w) as tf.Tensor4D;
}

/**
 * The mean over H and W of [N, H, W, C] (global average pooling). On WebGPU its gradient is one
 * program: tfjs' Mean gradient multiplies dy by a tensor of ones of x's shape that it builds on
 * the CPU and uploads every step (2 MB at SimCLR's batch of 128).
 */
export function spatialMean(x: tf.Tensor4D): tf.Tensor2D {
  const [n, h, w, c] = x.shape;
  const total = n * h * w * c;
  if (!onWebgpu() || Math.ceil(total / WORKGROUP) > 65535) return tf.mean(x, [1, 2]) as tf.Tensor2D;
  const u = { total: { i: total }, hwc: { i: h * w * c }, c: { i: c }, area: h * w };
  const f = tf.customGrad(((x: tf.Tensor) => ({
    value: tf.mean(x, [1, 2]),
    gradFunc: (dy: tf.Tensor) =>
      runProgram('spatial_mean_grad', [n, h, w, c], [dy], u, total, `if (index >= uniforms.total) { return; }
        result[index] = A[(index / uniforms.hwc) * uniforms.c + index % uniforms.c] / uniforms.area;`),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as tf.Tensor2D;
}
