// The loss at its optimum, without an encoder: every view's embedding is itself a free parameter on
// the unit sphere, trained by NT-Xent (the mean over 2n anchors, as SimCLR's paper writes it) with
// Riemannian gradient steps. Plain TypeScript, float64, no tfjs: a few thousand steps take well
// under a second, so the page can show where the loss drives the points long before a real
// encoder gets there.
import { alignment, uniformity } from '../metrics/diagnostics';
import { normal, substream, uniform } from '../rng';

export interface ToyState {
  /** instances; views 2i and 2i+1 are the positive pair of instance i */
  n: number;
  d: number;
  /** [2n, d] unit rows */
  u: Float64Array;
  step: number;
}

export interface ToyInit {
  n: number;
  d: 2 | 3;
  seed: number;
  /** the start: all points inside a cap of this half-angle (radians) around one pole, as an untrained encoder's outputs huddle */
  spread: number;
  /** angle between a pair's two views at the start */
  pairGap: number;
}

export const TOY_DEFAULTS: ToyInit = { n: 48, d: 2, seed: 1, spread: 0.5, pairGap: 0.15 };

function normalizeRow(u: Float64Array, i: number, d: number) {
  let s = 0;
  for (let j = 0; j < d; j++) s += u[i * d + j] ** 2;
  const inv = 1 / Math.sqrt(s);
  for (let j = 0; j < d; j++) u[i * d + j] *= inv;
}

export function createToy(init: Partial<ToyInit> = {}): ToyState {
  const c = { ...TOY_DEFAULTS, ...init };
  const rng = substream(c.seed, 'toy');
  const u = new Float64Array(2 * c.n * c.d);
  for (let i = 0; i < c.n; i++) {
    // a direction inside the cap around (1, 0, …)
    const base = new Float64Array(c.d);
    base[0] = 1;
    for (let j = 1; j < c.d; j++) base[j] = c.d === 2 ? Math.tan(uniform(rng, -c.spread, c.spread)) : Math.tan(c.spread) * normal(rng) * 0.6;
    for (let v = 0; v < 2; v++) {
      const row = 2 * i + v;
      for (let j = 0; j < c.d; j++) u[row * c.d + j] = base[j] + (j > 0 ? (v === 0 ? -1 : 1) * (c.pairGap / 2) * (c.d === 2 ? 1 : normal(rng)) : 0);
      normalizeRow(u, row, c.d);
    }
  }
  return { n: c.n, d: c.d, u, step: 0 };
}

/** NT-Xent of the current points at temperature τ, and its gradient with respect to each row. */
export function toyLoss(s: ToyState, tau: number): { loss: number; grad: Float64Array } {
  const m = 2 * s.n;
  const d = s.d;
  const u = s.u;
  const grad = new Float64Array(m * d);
  const sim = new Float64Array(m);
  const p = new Float64Array(m);
  let loss = 0;
  for (let a = 0; a < m; a++) {
    const b = a ^ 1;
    let max = -Infinity;
    for (let k = 0; k < m; k++) {
      if (k === a) continue;
      let dot = 0;
      for (let j = 0; j < d; j++) dot += u[a * d + j] * u[k * d + j];
      sim[k] = dot / tau;
      if (sim[k] > max) max = sim[k];
    }
    let z = 0;
    for (let k = 0; k < m; k++) if (k !== a) z += (p[k] = Math.exp(sim[k] - max));
    loss += -sim[b] + max + Math.log(z);
    for (let k = 0; k < m; k++) {
      if (k === a) continue;
      const w = (p[k] / z - (k === b ? 1 : 0)) / tau / m;
      for (let j = 0; j < d; j++) {
        grad[a * d + j] += w * u[k * d + j];
        grad[k * d + j] += w * u[a * d + j];
      }
    }
  }
  return { loss: loss / m, grad };
}

/**
 * `count` gradient steps on the sphere. The gradient grows like 1/τ, so the step is lr·τ: every τ
 * then moves the points at about the same pace, as Adam's normalised steps do for the encoder.
 * Otherwise a small temperature would win only by taking bigger steps.
 */
export function toySteps(s: ToyState, tau: number, lr: number, count: number): ToyState {
  const u = Float64Array.from(s.u);
  const d = s.d;
  const cur: ToyState = { ...s, u };
  for (let t = 0; t < count; t++) {
    const { grad } = toyLoss(cur, tau);
    for (let i = 0; i < 2 * s.n; i++) {
      let radial = 0;
      for (let j = 0; j < d; j++) radial += grad[i * d + j] * u[i * d + j];
      for (let j = 0; j < d; j++) u[i * d + j] -= lr * tau * (grad[i * d + j] - radial * u[i * d + j]);
      normalizeRow(u, i, d);
    }
  }
  return { ...cur, step: s.step + count };
}

/** Alignment of the pairs and uniformity of one view per instance (as the lab measures the encoder). */
export function toyGeometry(s: ToyState): { alignment: number; uniformity: number } {
  const a = new Float64Array(s.n * s.d);
  const b = new Float64Array(s.n * s.d);
  for (let i = 0; i < s.n; i++) {
    a.set(s.u.subarray(2 * i * s.d, (2 * i + 1) * s.d), i * s.d);
    b.set(s.u.subarray((2 * i + 1) * s.d, (2 * i + 2) * s.d), i * s.d);
  }
  return { alignment: alignment(a, b, s.n, s.d), uniformity: uniformity(a, s.n, s.d) };
}
