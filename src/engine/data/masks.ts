// Block-wise masks for masked image modelling (iBOT's loader.py, DINOv2's collate.py; BEiT's
// recipe): which patches of a crop the student does not see. Plain arrays from the run's RNG.
import { uniform, type Rng } from '../rng';

/** Patches per side of the ViT's grid (32×32 images, 4×4 patches: models/vit.ts's GRID). */
export const MASK_GRID = 8;

/**
 * BEiT-style block-wise masks for n crops on a grid×grid patch grid, 1 = masked. round(n·prob)
 * crops get masks, with ratios stratified over [min, max] (DINOv2's collate.py; iBOT's recipe draws
 * them independently, same expectation); the others none. Blocks: area ≥ 4 patches, aspect 0.3–3.3.
 */
export function blockMasks(rng: Rng, n: number, c: { maskProb: number; maskRatioMin: number; maskRatioMax: number }, grid = MASK_GRID): Uint8Array {
  const p = grid * grid;
  const out = new Uint8Array(n * p);
  const nMasked = Math.round(n * c.maskProb);
  const lo = Math.min(c.maskRatioMin, c.maskRatioMax);
  const hi = Math.max(c.maskRatioMin, c.maskRatioMax);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (let k = 0; k < nMasked; k++) {
    const ratio = uniform(rng, lo + ((hi - lo) * k) / nMasked, lo + ((hi - lo) * (k + 1)) / nMasked);
    const mask = out.subarray(order[k] * p, (order[k] + 1) * p);
    const target = Math.round(ratio * p);
    let count = 0;
    while (count < target) {
      const room = target - count;
      let added = 0;
      for (let attempt = 0; attempt < 10 && added === 0; attempt++) {
        const area = uniform(rng, 4, Math.max(4, room));
        const aspect = Math.exp(uniform(rng, Math.log(0.3), Math.log(1 / 0.3)));
        const h = Math.round(Math.sqrt(area * aspect));
        const w = Math.round(Math.sqrt(area / aspect));
        if (h < 1 || w < 1 || h >= grid || w >= grid) continue;
        const top = Math.floor(rng() * (grid - h + 1));
        const left = Math.floor(rng() * (grid - w + 1));
        let already = 0;
        for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) already += mask[y * grid + x];
        const fresh = h * w - already;
        if (fresh > 0 && fresh <= room) {
          for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) mask[y * grid + x] = 1;
          added = fresh;
        }
      }
      if (added === 0) break;
      count += added;
    }
  }
  return out;
}
