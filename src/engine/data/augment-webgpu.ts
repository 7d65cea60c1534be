// The augmentations of augment.ts as two WebGPU programs, where tfjs' ops take ~19: one workgroup
// per view crops and resizes (bilinear, as tf.image.cropAndResize), applies brightness, contrast
// (against the view's mean luma, summed in workgroup memory), saturation and hue (one 3×3 matrix)
// and grayscale; then one thread per output value blurs (5×5, reflected edges). The same steps,
// the same order and the same "applied when any view needs it" rule as the composite, which the
// e2e check compares it with (e2e/fused-kernels.spec.ts).
import * as tf from '@tensorflow/tfjs';
import { runProgram, WORKGROUP } from '../nn/webgpu-program';

/** per view: box y1 x1 y2 x2, brightness, contrast, colour matrix (row-major, 9), gray, sigma */
export const VIEW_STRIDE = 17;

const PRELUDE = `var<workgroup> red : array<f32, ${WORKGROUP}>;
  fn luma(p : vec3<f32>) -> f32 { return 0.299 * p.x + 0.587 * p.y + 0.114 * p.z; }`;

// A = images [N, H, W, 3], B = view parameters [n, 17]; result [n, S, S, 3]
const COLOUR = `
  let v = index / ${WORKGROUP}; let lane = index % ${WORKGROUP};
  let S = uniforms.size; let H = uniforms.h; let Wd = uniforms.w;
  let po = v * ${VIEW_STRIDE};
  let img = v % uniforms.images;
  let y1 = B[po]; let x1 = B[po + 1]; let y2 = B[po + 2]; let x2 = B[po + 3];
  let hs = (y2 - y1) * f32(H - 1) / f32(S - 1);
  let ws = (x2 - x1) * f32(Wd - 1) / f32(S - 1);
  var sum = 0.0;
  for (var p = lane; p < S * S; p += ${WORKGROUP}) {
    let oy = p / S; let ox = p % S;
    let iy = y1 * f32(H - 1) + f32(oy) * hs;
    let ix = x1 * f32(Wd - 1) + f32(ox) * ws;
    var px = vec3<f32>(0.0, 0.0, 0.0);
    if (iy >= 0.0 && iy <= f32(H - 1) && ix >= 0.0 && ix <= f32(Wd - 1)) {
      let t = i32(floor(iy)); let bt = i32(ceil(iy)); let l = i32(floor(ix)); let r = i32(ceil(ix));
      let fy = iy - f32(t); let fx = ix - f32(l);
      for (var ch = 0; ch < 3; ch++) {
        let tl = A[((img * H + t) * Wd + l) * 3 + ch]; let tr = A[((img * H + t) * Wd + r) * 3 + ch];
        let bl = A[((img * H + bt) * Wd + l) * 3 + ch]; let br = A[((img * H + bt) * Wd + r) * 3 + ch];
        let top = tl + (tr - tl) * fx; let bottom = bl + (br - bl) * fx;
        px[ch] = top + (bottom - top) * fy;
      }
    }
    if (uniforms.anyBC == 1) { px = clamp(px * B[po + 4], vec3<f32>(0.0), vec3<f32>(1.0)); }
    sum += luma(px);
    let o = (v * S * S + p) * 3;
    result[o] = px.x; result[o + 1] = px.y; result[o + 2] = px.z;
  }
  red[lane] = sum;
  workgroupBarrier();
  for (var k = ${WORKGROUP / 2}; k > 0; k = k / 2) {
    if (lane < k) { red[lane] += red[lane + k]; }
    workgroupBarrier();
  }
  let mean = red[0] / f32(S * S);
  let c = B[po + 5];
  let gray = B[po + 15];
  for (var p = lane; p < S * S; p += ${WORKGROUP}) {
    let o = (v * S * S + p) * 3;
    var px = vec3<f32>(result[o], result[o + 1], result[o + 2]);
    if (uniforms.anyBC == 1) { px = clamp(px * c + vec3<f32>(mean * (1.0 - c)), vec3<f32>(0.0), vec3<f32>(1.0)); }
    if (uniforms.anySH == 1) {
      let q = px;
      for (var j = 0; j < 3; j++) { px[j] = B[po + 6 + j * 3] * q.x + B[po + 7 + j * 3] * q.y + B[po + 8 + j * 3] * q.z; }
      px = clamp(px, vec3<f32>(0.0), vec3<f32>(1.0));
    }
    if (uniforms.anyGray == 1) { px = px * (1.0 - gray) + vec3<f32>(luma(px) * gray); }
    result[o] = px.x; result[o + 1] = px.y; result[o + 2] = px.z;
  }`;

// A = coloured views [n, S, S, 3], B = view parameters; result [n, S, S, 3]
const BLUR = `
  let S = uniforms.size;
  if (index >= uniforms.views * S * S * 3) { return; }
  let ch = index % 3; let p = index / 3; let v = p / (S * S); let y = (p % (S * S)) / S; let x = p % S;
  let sigma = B[v * ${VIEW_STRIDE} + 16];
  var taps = array<f32, 5>(0.0, 0.0, 1.0, 0.0, 0.0);
  if (sigma > 0.0) {
    var total = 0.0;
    for (var k = 0; k < 5; k++) { let d = f32(k - 2); taps[k] = exp(-(d * d) / (2.0 * sigma * sigma)); total += taps[k]; }
    for (var k = 0; k < 5; k++) { taps[k] = taps[k] / total; }
  }
  var acc = 0.0;
  for (var a = 0; a < 5; a++) {
    var yy = y + a - 2;
    if (yy < 0) { yy = -yy; } if (yy >= S) { yy = 2 * S - 2 - yy; }
    var row = 0.0;
    for (var b = 0; b < 5; b++) {
      var xx = x + b - 2;
      if (xx < 0) { xx = -xx; } if (xx >= S) { xx = 2 * S - 2 - xx; }
      row += taps[b] * A[((v * S + yy) * S + xx) * 3 + ch];
    }
    acc += taps[a] * row;
  }
  result[index] = acc;`;

export interface FusedViewFlags {
  anyBC: boolean;
  anySH: boolean;
  anyGray: boolean;
  anyBlur: boolean;
}

/** Views of `images` [N, H, W, 3] from packed parameters [n·17] (augment.ts packs them). */
export function fusedViews(images: tf.Tensor4D, packed: Float32Array, n: number, size: number, flags: FusedViewFlags): tf.Tensor4D {
  const [count, h, w] = images.shape;
  const params = tf.tensor1d(packed);
  const u = {
    size: { i: size },
    h: { i: h },
    w: { i: w },
    images: { i: count },
    views: { i: n },
    anyBC: { i: Number(flags.anyBC) },
    anySH: { i: Number(flags.anySH) },
    anyGray: { i: Number(flags.anyGray) },
  };
  const coloured = runProgram('aug_colour', [n, size, size, 3], [images, params], u, n * WORKGROUP, COLOUR, undefined, PRELUDE);
  const out = flags.anyBlur ? runProgram('aug_blur', [n, size, size, 3], [coloured, params], u, n * size * size * 3, BLUR) : coloured;
  if (out !== coloured) coloured.dispose();
  params.dispose();
  return out as tf.Tensor4D;
}
