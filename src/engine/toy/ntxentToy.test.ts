import { describe, expect, it } from 'vitest';
import { createToy, toyGeometry, toyLoss, toySteps } from './ntxentToy';

describe('NT-Xent toy (free embeddings on the sphere)', () => {
  it('its gradient matches finite differences of its loss', () => {
    const s = createToy({ n: 6, d: 3, seed: 3 });
    const tau = 0.3;
    const { grad } = toyLoss(s, tau);
    const eps = 1e-6;
    for (const idx of [0, 4, 11, 20, 35]) {
      const up = { ...s, u: Float64Array.from(s.u) };
      const down = { ...s, u: Float64Array.from(s.u) };
      up.u[idx] += eps;
      down.u[idx] -= eps;
      const fd = (toyLoss(up, tau).loss - toyLoss(down, tau).loss) / (2 * eps);
      expect(grad[idx]).toBeCloseTo(fd, 6);
    }
  });

  it('equals the naive loss: −log of the positive’s softmax weight among the other 2n−1 views, averaged', () => {
    const s = createToy({ n: 4, d: 2, seed: 9 });
    const tau = 0.2;
    const m = 8;
    const dot = (a: number, b: number) => s.u[2 * a] * s.u[2 * b] + s.u[2 * a + 1] * s.u[2 * b + 1];
    let naive = 0;
    for (let a = 0; a < m; a++) {
      let den = 0;
      for (let k = 0; k < m; k++) if (k !== a) den += Math.exp(dot(a, k) / tau);
      naive += -Math.log(Math.exp(dot(a, a ^ 1) / tau) / den);
    }
    expect(toyLoss(s, tau).loss).toBeCloseTo(naive / m, 10);
  });

  it('keeps the points on the sphere and lowers the loss', () => {
    const s0 = createToy({ n: 16, d: 3 });
    const s1 = toySteps(s0, 0.1, 1, 100);
    for (let i = 0; i < 32; i++) expect(Math.hypot(s1.u[3 * i], s1.u[3 * i + 1], s1.u[3 * i + 2])).toBeCloseTo(1, 10);
    expect(toyLoss(s1, 0.1).loss).toBeLessThan(toyLoss(s0, 0.1).loss);
    expect(s1.step).toBe(100);
    expect(s0.step).toBe(0); // the input state is not changed behind the caller's back
  });

  it('reaches the same optimum for every τ — pairs merged, points evenly spread — but a large τ gets there sooner', () => {
    // what the temperature lesson says, checked: on the circle, 48 pairs starting in one arc
    const ends = [0.05, 0.2, 1].map((tau) => {
      const early = toySteps(createToy(), tau, 2, 200);
      const late = toySteps(early, tau, 2, 3800);
      return { early: toyGeometry(early), late: toyGeometry(late) };
    });
    // early: the larger τ, the more uniform (lower is more uniform)
    expect(ends[2].early.uniformity).toBeLessThan(ends[1].early.uniformity);
    expect(ends[1].early.uniformity).toBeLessThan(ends[0].early.uniformity);
    // late: all near 48 equally spaced points (−1.66); the small τ at least as uniform as the large one
    for (const e of ends) {
      expect(e.late.uniformity).toBeLessThan(-1.6);
      expect(e.late.alignment).toBeLessThan(1e-3);
    }
    expect(ends[0].late.uniformity).toBeLessThanOrEqual(ends[2].late.uniformity + 1e-9);
  });
});
