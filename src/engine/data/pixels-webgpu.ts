// A batch's uint8 pixels to the float RGB tensor in [0, 1] on WebGPU: the bytes go up as they are
// (four to a word, a quarter of the floats' size, a twelfth for grayscale) and one program expands
// them, where the CPU path loops over every value in JavaScript (~4 ms a SimCLR step). Each byte
// maps through a table of the CPU path's own values, Math.fround(v / 255), so both paths give the
// same tensor bit for bit (WGSL's f32 division may be off by ulps). Checked against the CPU path
// on Chromium's WebGPU (e2e/fused-kernels.spec.ts).
import * as tf from '@tensorflow/tfjs';
import { runProgram, WORKGROUP } from '../nn/webgpu-program';

// 9 significant digits name an f32 exactly
const TABLE = Array.from({ length: 256 }, (_, v) => Math.fround(v / 255).toPrecision(9)).join(', ');
const PRELUDE = `var<private> LEVEL : array<f32, 256> = array<f32, 256>(${TABLE});
  fn byteAt(i : i32) -> u32 { return (bitcast<u32>(A[i / 4]) >> (8u * u32(i % 4))) & 255u; }`;

// one thread per pixel; A = the bytes as int32 words
const EXPAND = `if (index >= uniforms.pixels) { return; }
  if (uniforms.channels == 3) {
    for (var c = 0; c < 3; c++) { result[index * 3 + c] = LEVEL[byteAt(index * 3 + c)]; }
  } else {
    let v = LEVEL[byteAt(index)];
    for (var c = 0; c < 3; c++) { result[index * 3 + c] = v; }
  }`;

/** Whether a batch of `pixels` pixels fits one dispatch of this program. */
export const fitsPixelProgram = (pixels: number): boolean => Math.ceil(pixels / WORKGROUP) <= 65535;

/** pixels: n·size·size·channels bytes → [n, size, size, 3] floats. */
export function pixelsToTensorWebgpu(pixels: Uint8Array, n: number, size: number, channels: 1 | 3): tf.Tensor4D {
  const count = n * size * size;
  const padded = Math.ceil(pixels.length / 4) * 4;
  // a view of the same bytes when aligned, else a copy (padded to whole words)
  let bytes = pixels;
  if (pixels.byteOffset % 4 !== 0 || padded !== pixels.length) {
    bytes = new Uint8Array(padded);
    bytes.set(pixels);
  }
  const words = tf.tensor1d(new Int32Array(bytes.buffer, bytes.byteOffset, padded / 4), 'int32');
  const out = runProgram('pixels', [n, size, size, 3], [words], { pixels: { i: count }, channels: { i: channels } }, count, EXPAND, undefined, PRELUDE);
  words.dispose();
  return out as tf.Tensor4D;
}
