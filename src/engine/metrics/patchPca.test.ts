import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../rng';
import { borderPatches, foregroundJaccard, patchPcaMaps } from './patchPca';

/** n images on an 8×8 grid: a square object at rows/cols 2–5 whose patches share a feature direction, two parts of it with two others. */
function synthetic(n: number, d: number, seed: number, objectSign = 1) {
  const rng = mulberry32(seed);
  const grid = 8;
  const tokens = new Float32Array(n * 64 * d);
  const truth = new Uint8Array(n * 64);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 64; k++) {
      const y = Math.floor(k / 8), x = k % 8;
      const inside = y >= 2 && y <= 5 && x >= 2 && x <= 5;
      truth[i * 64 + k] = inside ? 1 : 0;
      const row = tokens.subarray((i * 64 + k) * d, (i * 64 + k + 1) * d);
      for (let j = 0; j < d; j++) row[j] = 0.1 * normal(rng);
      if (inside) {
        row[0] += 3 * objectSign;
        row[1] += y < 4 ? 1.5 : -1.5; // top half vs bottom half: the object's parts
      }
    }
  return { tokens, truth, grid };
}

describe('patch-feature PCA maps (DINOv2 Figure 1 at our scale)', () => {
  it('finds the object by the first component whichever sign the features put it on, and colours its parts apart', () => {
    for (const sign of [1, -1]) {
      const { tokens, truth, grid } = synthetic(5, 6, 3, sign);
      const maps = patchPcaMaps(tokens, 5, grid, 6);
      expect(Array.from(maps.foreground)).toEqual(Array.from(truth));
      expect(maps.foregroundShare).toBeCloseTo(16 / 64, 12);
      // background black; the two halves of the object differ in colour, and each half is uniform-ish
      const colour = (k: number) => Array.from(maps.rgb.subarray(3 * k, 3 * k + 3));
      expect(colour(0)).toEqual([0, 0, 0]);
      const top = colour(2 * 8 + 3), bottom = colour(5 * 8 + 3);
      const dist = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]));
      expect(dist(top, bottom)).toBeGreaterThan(0.5);
      expect(dist(top, colour(3 * 8 + 4))).toBeLessThan(0.3);
    }
  });

  it('keeps colours steady between frames: signs follow the previous basis', () => {
    const { tokens, grid } = synthetic(4, 6, 5);
    const a = patchPcaMaps(tokens, 4, grid, 6);
    const negated = a.basis.map((v) => -v);
    const flipped = patchPcaMaps(tokens, 4, grid, 6, negated);
    for (let i = 0; i < a.basis.length; i++) expect(flipped.basis[i]).toBeCloseTo(negated[i], 9);
    // the same patches, each colour channel mirrored (c → 1 − c) on the foreground
    for (let k = 0; k < 4 * 64; k++) if (a.foreground[k]) for (let c = 0; c < 3; c++) expect(flipped.rgb[3 * k + c]).toBeCloseTo(1 - a.rgb[3 * k + c], 5);
  });

  it('scores the foreground against masks: 1 on the object, the overlap otherwise', () => {
    const masks = new Uint8Array(2 * 1024);
    for (let i = 0; i < 2; i++) for (let y = 8; y < 24; y++) for (let x = 8; x < 24; x++) masks[i * 1024 + y * 32 + x] = 255;
    const { truth } = synthetic(2, 4, 1);
    expect(foregroundJaccard(truth, 2, 8, masks)).toBeCloseTo(1, 12);
    const all = new Uint8Array(128).fill(1);
    expect(foregroundJaccard(all, 2, 8, masks)).toBeCloseTo(256 / 1024, 12);
    expect(borderPatches(8).reduce((a, b) => a + b, 0)).toBe(28);
  });
});
