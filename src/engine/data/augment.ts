// SimCLR's augmentations as tensor ops on the active backend. The random parameters of every
// view are drawn on the CPU from the seeded RNG (so runs reproduce across backends); the pixels
// never leave the backend.
//   random resized crop + horizontal flip: one cropAndResize (a box with x1 > x2 is a mirrored crop)
//   colour jitter (p 0.8): brightness, contrast, saturation, hue — in that fixed order (torchvision
//     shuffles the order; the lab keeps it fixed so a view can be explained step by step)
//   grayscale (p): luma mix
//   Gaussian blur (p 0.5): separable 5-tap kernels, one per view, as a depthwise conv
// On WebGPU the same steps run as two programs (augment-webgpu.ts).
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../../config/schema';
import { uniform, type Rng } from '../rng';
import { onWebgpu } from '../nn/webgpu-program';
import { fusedViews, VIEW_STRIDE, type FusedViewFlags } from './augment-webgpu';
import { IMAGE_SIZE } from './types';
import { fitsPixelProgram, pixelsToTensorWebgpu } from './pixels-webgpu';

export type AugmentConfig = Pick<
  Config,
  'crop' | 'cropMinScale' | 'flip' | 'colorJitter' | 'jitterStrength' | 'grayscale' | 'grayscaleProb' | 'blur' | 'blurSigma'
>;

export interface ViewParams {
  box: [number, number, number, number]; // y1, x1, y2, x2 (normalised; x1 > x2 = flipped)
  brightness: number;
  contrast: number;
  saturation: number;
  hue: number; // fraction of a full turn
  gray: boolean;
  sigma: number; // 0 = no blur
}

/** `area`: the crop's area range; by default [cropMinScale, 1] (DINO's local crops pass [0.05, cropMinScale]). */
export function sampleViewParams(rng: Rng, c: AugmentConfig, area: [number, number] = [c.cropMinScale, 1]): ViewParams {
  let box: ViewParams['box'] = [0, 0, 1, 1];
  if (c.crop) {
    // torchvision RandomResizedCrop: area in [minScale, 1], aspect in [3/4, 4/3] (log-uniform)
    for (let attempt = 0; attempt < 10; attempt++) {
      const a = uniform(rng, area[0], area[1]);
      const ratio = Math.exp(uniform(rng, Math.log(3 / 4), Math.log(4 / 3)));
      const w = Math.sqrt(a * ratio);
      const h = Math.sqrt(a / ratio);
      if (w <= 1 && h <= 1) {
        const x0 = uniform(rng, 0, 1 - w);
        const y0 = uniform(rng, 0, 1 - h);
        box = [y0, x0, y0 + h, x0 + w];
        break;
      }
    }
  }
  if (c.flip && rng() < 0.5) box = [box[0], box[3], box[2], box[1]];
  const s = c.jitterStrength;
  const jitter = c.colorJitter && rng() < 0.8;
  return {
    box,
    brightness: jitter ? uniform(rng, Math.max(0, 1 - 0.8 * s), 1 + 0.8 * s) : 1,
    contrast: jitter ? uniform(rng, Math.max(0, 1 - 0.8 * s), 1 + 0.8 * s) : 1,
    saturation: jitter ? uniform(rng, Math.max(0, 1 - 0.8 * s), 1 + 0.8 * s) : 1,
    hue: jitter ? uniform(rng, -0.2 * s, 0.2 * s) : 0,
    gray: c.grayscale && rng() < c.grayscaleProb,
    sigma: c.blur && rng() < 0.5 ? uniform(rng, 0.1, c.blurSigma) : 0,
  };
}

const LUMA = [0.299, 0.587, 0.114];
/** Luma of every pixel as one matMul ([N·H·W, 3] × [3, 1]): faster on wasm than a broadcast multiply and sum. */
const luma = (x: tf.Tensor4D) => tf.matMul(x.reshape([-1, 3]), tf.tensor2d(LUMA, [3, 1])).reshape([x.shape[0], x.shape[1], x.shape[2], 1]);

/** 3×3 RGB matrix for saturation then hue rotation (hue as a rotation about the gray axis in YIQ). */
function colorMatrix(sat: number, hue: number): number[] {
  const toYiq = [0.299, 0.587, 0.114, 0.596, -0.274, -0.322, 0.211, -0.523, 0.312];
  const fromYiq = [1, 0.956, 0.621, 1, -0.272, -0.647, 1, -1.106, 1.703];
  const a = hue * 2 * Math.PI;
  const c = Math.cos(a) * sat;
  const s = Math.sin(a) * sat;
  const rot = [1, 0, 0, 0, c, -s, 0, s, c];
  const mul = (x: number[], y: number[]) =>
    Array.from({ length: 9 }, (_, k) => {
      const r = Math.floor(k / 3);
      const col = k % 3;
      return x[r * 3] * y[col] + x[r * 3 + 1] * y[3 + col] + x[r * 3 + 2] * y[6 + col];
    });
  return mul(fromYiq, mul(rot, toYiq)); // column-vector convention: rgb' = M · rgb
}

function gaussianTaps(sigma: number): number[] {
  if (sigma <= 0) return [0, 0, 1, 0, 0];
  const t = [-2, -1, 0, 1, 2].map((x) => Math.exp(-(x * x) / (2 * sigma * sigma)));
  const sum = t.reduce((a, b) => a + b, 0);
  return t.map((v) => v / sum);
}

/**
 * Apply per-view parameters to a batch. images: [N, 32, 32, 3] float in [0, 1];
 * params.length views of size×size are made, view i from image i % N.
 */
export function applyViews(images: tf.Tensor4D, params: ViewParams[], size = IMAGE_SIZE): tf.Tensor4D {
  if (onWebgpu()) return tf.tidy(() => fusedViews(images, packViews(params), params.length, size, viewFlags(params)));
  return tf.tidy(() => {
    const n = params.length;
    const boxes = tf.tensor2d(params.flatMap((p) => p.box), [n, 4]);
    const boxInd = tf.tensor1d(params.map((_, i) => i % images.shape[0]), 'int32');
    let x = tf.image.cropAndResize(images, boxes, boxInd, [size, size], 'bilinear');

    const perView = (vals: number[]) => tf.tensor4d(vals, [n, 1, 1, 1]);
    const flags = viewFlags(params);
    if (flags.anyBC) {
      x = tf.clipByValue(tf.mul(x, perView(params.map((p) => p.brightness))), 0, 1) as tf.Tensor4D;
      const grayMean = tf.mean(luma(x), [1, 2], true);
      const c = perView(params.map((p) => p.contrast));
      x = tf.clipByValue(tf.add(tf.mul(x, c), tf.mul(grayMean, tf.sub(1, c))), 0, 1) as tf.Tensor4D;
    }
    if (flags.anySH) {
      // rgbᵀ · Mᵀ per view, as one batched matMul
      const mats = tf.tensor3d(params.flatMap((p) => transpose3(colorMatrix(p.saturation, p.hue))), [n, 3, 3]);
      x = tf.clipByValue(tf.matMul(x.reshape([n, size * size, 3]), mats).reshape([n, size, size, 3]), 0, 1) as tf.Tensor4D;
    }
    if (flags.anyGray) {
      const g = perView(params.map((p) => (p.gray ? 1 : 0)));
      x = tf.add(tf.mul(x, tf.sub(1, g)), tf.mul(luma(x), g)) as tf.Tensor4D;
    }
    if (flags.anyBlur) {
      // depthwise conv over [1, H, W, N·3]: one kernel per view and channel
      const taps = params.flatMap((p) => {
        const t = gaussianTaps(p.sigma);
        return [t, t, t];
      }); // [N·3][5]
      const flat = x.transpose([1, 2, 0, 3]).reshape([1, size, size, n * 3]) as tf.Tensor4D;
      const kv = tf.tensor4d(Array.from({ length: 5 }, (_, k) => taps.map((t) => t[k])).flat(), [5, 1, n * 3, 1]);
      const kh = tf.tensor4d(Array.from({ length: 5 }, (_, k) => taps.map((t) => t[k])).flat(), [1, 5, n * 3, 1]);
      const padded = tf.mirrorPad(flat, [[0, 0], [2, 2], [2, 2], [0, 0]], 'reflect');
      const blurred = tf.depthwiseConv2d(tf.depthwiseConv2d(padded, kv, 1, 'valid'), kh, 1, 'valid');
      x = blurred.reshape([size, size, n, 3]).transpose([2, 0, 1, 3]) as tf.Tensor4D;
    }
    return x;
  });
}

/** Which steps run: each is applied to every view when any view needs it (the fused path keeps the rule). */
function viewFlags(params: ViewParams[]): FusedViewFlags {
  return {
    anyBC: params.some((p) => p.brightness !== 1 || p.contrast !== 1),
    anySH: params.some((p) => p.saturation !== 1 || p.hue !== 0),
    anyGray: params.some((p) => p.gray),
    anyBlur: params.some((p) => p.sigma > 0),
  };
}

/** The parameters as the WebGPU program reads them, VIEW_STRIDE floats per view. */
function packViews(params: ViewParams[]): Float32Array {
  const out = new Float32Array(params.length * VIEW_STRIDE);
  params.forEach((p, i) => out.set([...p.box, p.brightness, p.contrast, ...colorMatrix(p.saturation, p.hue), p.gray ? 1 : 0, p.sigma], i * VIEW_STRIDE));
  return out;
}

function transpose3(m: number[]): number[] {
  return [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]];
}

/**
 * Uint8 pixels of a batch → RGB float tensor in [0, 1]. Grayscale sets are expanded to 3 channels
 * here on the CPU (a plain loop is ~20× faster than wasm's Tile kernel).
 */
export function toTensor(pixels: Uint8Array, n: number, channels: 1 | 3): tf.Tensor4D {
  if (onWebgpu() && fitsPixelProgram(n * IMAGE_SIZE * IMAGE_SIZE)) return pixelsToTensorWebgpu(pixels, n, IMAGE_SIZE, channels);
  const out = new Float32Array(n * IMAGE_SIZE * IMAGE_SIZE * 3);
  if (channels === 3) for (let i = 0; i < out.length; i++) out[i] = pixels[i] / 255;
  else
    for (let i = 0; i < pixels.length; i++) {
      const v = pixels[i] / 255;
      out[3 * i] = v;
      out[3 * i + 1] = v;
      out[3 * i + 2] = v;
    }
  return tf.tensor4d(out, [n, IMAGE_SIZE, IMAGE_SIZE, 3]);
}
