// Procedural "Shapes-10": one shape per 32×32 RGB image, with its label and foreground mask.
// Seeded, so the same seed gives the same images on every machine; generated in plain typed
// arrays (no canvas) so it runs in a worker and in Node.
//
// Two levels.
// `easy` (the default): one pale shape on a plain dark background, no pixel noise, at any angle.
//   Its other variation — size (radius 0.22–0.45 of the image), aspect (0.8–1.25) and position — is
//   exactly what SimCLR's crops teach invariance to, so learning shows: the default SimCLR preset
//   lifts held-out kNN from 41.5% (untrained) to 49.1% in 300 steps (README). Variants measured on
//   the way there: with pixel noise, colour or narrow size ranges the gain was −9 to +4 points,
//   because SimCLR then separates instances by cues the augmentations leave intact (noise texture,
//   hue, brightness) instead of by shape.
// `mixed`: easy, but half the images in negative (dark shape, pale background): brightness no
//   longer finds the object. `distract`: easy, plus 3–6 pale strokes and dots as bright as the
//   shape. Both exist for the attention lesson, where an untrained ViT's attention, which follows
//   brightness, must stop being a good guess (lessons/dino).
// `clutter`: the survey's original mix of busy backgrounds and smaller shapes, which even
//   supervised training barely learns (docs/reference-runs.md §1).
import { mulberry32, uniform, type Rng, type SkippableRng } from '../rng';
import { onDemand } from './on-demand';
import { IMAGE_SIZE, type Dataset, type ImageSet } from './types';

export const SHAPE_CLASSES = ['circle', 'ring', 'square', 'triangle', 'star', 'plus', 'heart', 'crescent', 'hexagon', 'arrow'] as const;
export type ShapesLevel = 'easy' | 'mixed' | 'distract' | 'clutter';

const S = IMAGE_SIZE;
type Sdf = (x: number, y: number) => number; // signed distance in units of the shape radius

const box = (x: number, y: number, hx: number, hy: number) => {
  const dx = Math.abs(x) - hx;
  const dy = Math.abs(y) - hy;
  return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0);
};
// each side's normal, computed once: the same numbers Math.cos and Math.sin give per pixel
const NORMALS = new Map<number, { cos: number[]; sin: number[] }>();
for (const sides of [3, 6]) {
  const a = Array.from({ length: sides }, (_, k) => (2 * Math.PI * k) / sides);
  NORMALS.set(sides, { cos: a.map(Math.cos), sin: a.map(Math.sin) });
}
const polygon = (x: number, y: number, sides: number, apothem: number) => {
  const n = NORMALS.get(sides)!;
  let d = -Infinity;
  for (let k = 0; k < sides; k++) d = Math.max(d, x * n.cos[k] + y * n.sin[k] - apothem);
  return d;
};
const SDF: Record<(typeof SHAPE_CLASSES)[number], Sdf> = {
  circle: (x, y) => Math.hypot(x, y) - 0.9,
  ring: (x, y) => Math.abs(Math.hypot(x, y) - 0.7) - 0.22,
  square: (x, y) => box(x, y, 0.72, 0.72),
  triangle: (x, y) => polygon(x + 0.12, y, 3, 0.5),
  star: (x, y) => {
    const r = Math.hypot(x, y);
    const a = Math.atan2(y, x);
    const t = Math.abs(((a / (2 * Math.PI / 5)) % 1 + 1) % 1 - 0.5) * 2; // 0 at a point's edge, 1 at a point
    return r - (0.42 + 0.55 * t ** 1.5);
  },
  plus: (x, y) => Math.min(box(x, y, 0.9, 0.28), box(x, y, 0.28, 0.9)),
  heart: (x, y) => {
    // the implicit heart (u² + v² − 1)³ − u²v³ = 0, turned into an approximate distance f / |∇f|
    const f = (u: number, v: number) => (u * u + v * v - 1) ** 3 - u * u * v ** 3;
    const u = x / 0.8;
    const v = -y / 0.8 + 0.15;
    const e = 1e-3;
    const g = Math.hypot(f(u + e, v) - f(u - e, v), f(u, v + e) - f(u, v - e)) / (2 * e);
    return (0.8 * f(u, v)) / Math.max(g, 0.5);
  },
  crescent: (x, y) => Math.max(Math.hypot(x, y) - 0.9, -(Math.hypot(x - 0.45, y) - 0.72)),
  hexagon: (x, y) => polygon(x, y, 6, 0.8),
  arrow: (x, y) => Math.min(box(x + 0.45, y, 0.45, 0.18), polygon(-(x - 0.25), y, 3, 0.3)),
};

function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h * 6) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [f(5) * 255, f(3) * 255, f(1) * 255];
}
const luma = (c: readonly number[]) => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
const randomColor = (rng: Rng) => hsvToRgb(rng(), uniform(rng, 0.3, 1), uniform(rng, 0.25, 1));

/**
 * The background into `out`. `paint` false: only the draws are made (the stream ends where painting
 * would leave it) and the first pixel, whose brightness the fill is chosen against, is set.
 */
function background(rng: SkippableRng, level: ShapesLevel, out: Float32Array, paint = true): void {
  // easy: a dark plain background, so a bright shape always stands out (as ink on MNIST paper)
  const c1 = level === 'easy' ? hsvToRgb(rng(), uniform(rng, 0, 0.2), uniform(rng, 0.1, 0.2)) : randomColor(rng);
  const c2 = randomColor(rng);
  const kind = level === 'easy' ? 0 : Math.floor(rng() * 5);
  const freq = uniform(rng, 0.3, 1.2);
  const angle = rng() * Math.PI;
  const cell = 3 + Math.floor(rng() * 6);
  // only value noise reads its lattice: for the other kinds its 64 draws are skipped, not made
  const lattice = kind === 1 ? Array.from({ length: 64 }, () => rng()) : (rng.skip(64), []);
  const cells = 2 + Math.floor(rng() * 6);
  // a plan of an easy image needs only the first pixel (the plain colour); clutter's pattern and
  // strokes can reach it, so clutter is always painted
  const rows = paint || level !== 'easy' ? S : 1;
  const cols = paint || level !== 'easy' ? S : 1;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let t = 0;
      if (kind === 1) {
        // value noise on a coarse lattice, bilinearly interpolated
        const gx = (x / S) * (cells - 1);
        const gy = (y / S) * (cells - 1);
        const ix = Math.floor(gx);
        const iy = Math.floor(gy);
        const fx = gx - ix;
        const fy = gy - iy;
        const L = (i: number, j: number) => lattice[(j * 8 + i) % 64];
        t = (L(ix, iy) * (1 - fx) + L(ix + 1, iy) * fx) * (1 - fy) + (L(ix, iy + 1) * (1 - fx) + L(ix + 1, iy + 1) * fx) * fy;
      } else if (kind === 2) {
        t = Math.sin((x * Math.cos(angle) + y * Math.sin(angle)) * freq) > 0 ? 1 : 0;
      } else if (kind === 3) {
        const u = x * Math.cos(angle) + y * Math.sin(angle);
        const v = -x * Math.sin(angle) + y * Math.cos(angle);
        t = (Math.floor(u / cell) + Math.floor(v / cell)) & 1;
      }
      const o = (y * S + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = c1[c] * (1 - t) + c2[c] * t;
    }
  }
  // clutter: short strokes and dots that are not class shapes
  if (kind === 4) drawStrokes(rng, out, 4 + Math.floor(rng() * 8), () => randomColor(rng));
}

/** `count` short strokes or dots (not class shapes) painted onto `out` (`paint` false: only their draws). */
function drawStrokes(rng: Rng, out: Float32Array, count: number, color: () => [number, number, number], paint = true): void {
  for (let s = 0; s < count; s++) {
    const col = color();
    const x0 = rng() * S;
    const y0 = rng() * S;
    const a = rng() * Math.PI * 2;
    const len = rng() < 0.3 ? 0 : uniform(rng, 3, 9);
    if (!paint) continue;
    const ca = Math.cos(a);
    const sa = Math.sin(a);
    // only pixels within 1.3 of the stroke get paint (cov > 0 needs d < 0.5): the rest are skipped,
    // which leaves every image exactly as painting them with cov 0 would
    const x1 = x0 + len * ca;
    const y1 = y0 + len * sa;
    const xFrom = Math.max(0, Math.floor(Math.min(x0, x1) - 2));
    const xTo = Math.min(S, Math.ceil(Math.max(x0, x1) + 2));
    const yFrom = Math.max(0, Math.floor(Math.min(y0, y1) - 2));
    const yTo = Math.min(S, Math.ceil(Math.max(y0, y1) + 2));
    for (let y = yFrom; y < yTo; y++) {
      for (let x = xFrom; x < xTo; x++) {
        const px = x + 0.5 - x0;
        const py = y + 0.5 - y0;
        const along = Math.max(0, Math.min(len, px * ca + py * sa));
        const d = Math.hypot(px - along * ca, py - along * sa) - 0.8;
        const cov = Math.max(0, Math.min(1, 0.5 - d));
        if (cov > 0) for (let c = 0; c < 3; c++) out[(y * S + x) * 3 + c] += (col[c] - out[(y * S + x) * 3 + c]) * cov;
      }
    }
  }
}

/** Where painting image i writes: its row of pixels and of masks. */
interface Canvas {
  pixels: Uint8Array;
  masks: Uint8Array;
}

/**
 * Image i, drawn from the two streams as they stand (the main one and distract's and mixed's own).
 * `into` null: only the draws, so the streams end where painting would leave them.
 */
function drawImage(i: number, label: number, level: ShapesLevel, rng: SkippableRng, extra: Rng, bg: Float32Array, into: Canvas | null): void {
  // mixed and distract are easy images with one change each, drawn from their own stream so the
  // shapes themselves are easy's
  const base: ShapesLevel = level === 'clutter' ? 'clutter' : 'easy';
  const { pixels, masks } = into ?? { pixels: null, masks: null };
  const sdf = SDF[SHAPE_CLASSES[label]];
  background(rng, base, bg, into !== null);
  const radius = (base === 'easy' ? uniform(rng, 0.22, 0.45) : uniform(rng, 0.18, 0.35)) * S;
  const theta = rng() * Math.PI * 2;
  const aspect = base === 'easy' ? Math.exp(uniform(rng, Math.log(0.8), Math.log(1.25))) : uniform(rng, 0.85, 1.15);
  const margin = base === 'easy' ? radius * 0.7 : 0;
  const cx = uniform(rng, margin, S - margin);
  const cy = uniform(rng, margin, S - margin);
  // a fill whose brightness differs clearly from the background's mean, so the shape is visible
  const bgLuma = luma([bg[0], bg[1], bg[2]]);
  let fill = base === 'easy' ? hsvToRgb(rng(), uniform(rng, 0, 0.2), uniform(rng, 0.85, 1)) : randomColor(rng);
  for (let tries = 0; tries < 20 && Math.abs(luma(fill) - bgLuma) < 60; tries++) fill = randomColor(rng);
  const stripes = level === 'clutter' && rng() < 0.3 ? randomColor(rng) : null;
  const noise = base === 'easy' ? 0 : rng() * 6;
  if (level === 'distract') drawStrokes(extra, bg, 3 + Math.floor(extra() * 4), () => hsvToRgb(extra(), uniform(extra, 0, 0.2), uniform(extra, 0.85, 1)), into !== null);
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  for (let y = 0; pixels && y < S; y++) {
    for (let x = 0; x < S; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const u = (dx * cos + dy * sin) / radius / aspect;
      const v = (-dx * sin + dy * cos) / radius;
      const cov = Math.max(0, Math.min(1, 0.5 - sdf(u, v) * radius));
      const p = y * S + x;
      masks![i * 1024 + p] = Math.round(cov * 255);
      const col = stripes && Math.sin(u * 9) > 0 ? stripes : fill;
      if (noise === 0) {
        // no noise: its draws are skipped below, not made (each would be multiplied by 0)
        for (let c = 0; c < 3; c++) pixels[i * 3072 + p * 3 + c] = Math.max(0, Math.min(255, Math.round(bg[p * 3 + c] * (1 - cov) + col[c] * cov)));
      } else {
        for (let c = 0; c < 3; c++) {
          const val = bg[p * 3 + c] * (1 - cov) + col[c] * cov + (rng() - 0.5) * 2 * noise;
          pixels[i * 3072 + p * 3 + c] = Math.max(0, Math.min(255, Math.round(val)));
        }
      }
    }
  }
  if (noise === 0 || !pixels) rng.skip(S * S * 3);
  // mixed: half the images in negative (a dark shape on a pale background), so that brightness
  // alone no longer says where the object is
  if (level === 'mixed' && extra() < 0.5 && pixels) for (let k = i * 3072; k < (i + 1) * 3072; k++) pixels[k] = 255 - pixels[k];
}

/**
 * `n` balanced, shuffled images, each drawn when first read: the labels and where each image's
 * draws begin in both streams are worked out now (a few milliseconds for 8,000), the pixels later,
 * image by image, and the same whatever the order (data.test.ts).
 */
export function shapesOnDemand(n: number, seed: number, level: ShapesLevel = 'easy'): ImageSet {
  const rng = mulberry32(seed);
  const labels = new Uint8Array(n);
  const K = SHAPE_CLASSES.length;
  for (let i = 0; i < n; i++) labels[i] = i % K;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  const extra = mulberry32(seed ^ 0x5eed);
  const at = new Uint32Array(2 * n);
  const bg = new Float32Array(S * S * 3);
  for (let i = 0; i < n; i++) {
    at[2 * i] = rng.state();
    at[2 * i + 1] = extra.state();
    drawImage(i, labels[i], level, rng, extra, bg, null);
  }
  const canvas = { pixels: new Uint8Array(n * S * S * 3), masks: new Uint8Array(n * S * S) };
  return onDemand(n, 3, labels, canvas, (i) => drawImage(i, labels[i], level, mulberry32(at[2 * i]), mulberry32(at[2 * i + 1]), bg, canvas));
}

/** `n` balanced, shuffled images, all drawn now. */
export function generateShapes(n: number, seed: number, level: ShapesLevel = 'easy'): ImageSet {
  const set = shapesOnDemand(n, seed, level);
  return { n, channels: 3, pixels: set.pixels, labels: set.labels, masks: set.masks };
}

export const SHAPES_TRAIN = 8000;
export const SHAPES_TEST = 2000;

/**
 * The dataset is fixed (its own seeds, not the run's), so runs with different seeds compare on
 * the same images. Train and held-out splits come from different seeds: no image is in both.
 * Both are drawn as they are read: the first batch draws its 32 images, not 8,000.
 */
export function shapesDataset(level: ShapesLevel): Dataset {
  return {
    name: 'shapes',
    classNames: SHAPE_CLASSES,
    train: shapesOnDemand(SHAPES_TRAIN, 1001, level),
    test: shapesOnDemand(SHAPES_TEST, 2002, level),
    attribution: 'Procedural Shapes-10, generated in your browser.',
  };
}
