// The DINOv2 paper's Figure 1 at our scale: PCA of the last layer's patch features over a batch of
// images. A first PCA over every patch separates object from background along its first component
// (thresholded); a second PCA over the foreground patches only gives three components → RGB, so
// that matching parts of different images get matching colours.
import { jaccard, objectMask, upsampleMask } from './attention';
import { pca } from './pca';

export interface PatchPcaMaps {
  /** [n·p·3] in [0, 1]: the foreground's first three components; background 0 */
  rgb: Float32Array;
  /** [n·p] 1 where the first component is above the threshold */
  foreground: Uint8Array;
  /** [n·p] the first component of the first PCA, its sign chosen so the border is low */
  first: Float32Array;
  /** share of patches kept as foreground */
  foregroundShare: number;
  /** the foreground PCA's basis [3, d] (signs of a later call follow it) */
  basis: Float64Array;
}

/** 1 for the patches on the outer ring of a grid×grid image. */
export function borderPatches(grid: number): Uint8Array {
  return Uint8Array.from({ length: grid * grid }, (_, i) => {
    const y = Math.floor(i / grid);
    const x = i % grid;
    return x === 0 || y === 0 || x === grid - 1 || y === grid - 1 ? 1 : 0;
  });
}

/**
 * tokens: [n, p, d] row-major, p = grid². The first component's sign is unsupervised: objects sit
 * inside the frame, so the sign that makes the border's mean low marks the background as low.
 * Foreground = first component > 0 (its mean over the batch).
 */
export function patchPcaMaps(tokens: Float32Array, n: number, grid: number, d: number, previous?: Float64Array): PatchPcaMaps {
  const p = grid * grid;
  const rows = n * p;
  const { coords } = pca(tokens, rows, d, 1);
  const border = borderPatches(grid);
  let borderSum = 0;
  let borderCount = 0;
  for (let r = 0; r < rows; r++) {
    if (!border[r % p]) continue;
    borderSum += coords[r];
    borderCount++;
  }
  const sign = borderSum / borderCount > 0 ? -1 : 1;
  const first = Float32Array.from(coords, (v) => sign * v);
  const foreground = Uint8Array.from(first, (v) => (v > 0 ? 1 : 0));
  const fgRows: number[] = [];
  for (let r = 0; r < rows; r++) if (foreground[r]) fgRows.push(r);
  const rgb = new Float32Array(rows * 3);
  let basis: Float64Array = new Float64Array(3 * d);
  if (fgRows.length >= 4) {
    const fg = new Float32Array(fgRows.length * d);
    fgRows.forEach((r, i) => fg.set(tokens.subarray(r * d, (r + 1) * d), i * d));
    const out = pca(fg, fgRows.length, d, 3, previous);
    basis = out.basis;
    for (let c = 0; c < 3; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < fgRows.length; i++) {
        lo = Math.min(lo, out.coords[3 * i + c]);
        hi = Math.max(hi, out.coords[3 * i + c]);
      }
      fgRows.forEach((r, i) => (rgb[3 * r + c] = hi > lo ? (out.coords[3 * i + c] - lo) / (hi - lo) : 0.5));
    }
  }
  return { rgb, foreground, first, foregroundShare: fgRows.length / rows, basis };
}

/** Mean Jaccard of each image's foreground patches (upsampled) with its object mask (size² coverage). */
export function foregroundJaccard(foreground: Uint8Array, n: number, grid: number, masks: Uint8Array, size = 32): number {
  const p = grid * grid;
  const px = size * size;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += jaccard(upsampleMask(foreground.subarray(i * p, (i + 1) * p), grid, size), objectMask(masks.subarray(i * px, (i + 1) * px)));
  return sum / n;
}
