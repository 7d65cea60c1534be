// The papers' losses as naive loops over plain arrays, written from their pseudocode and official
// code, one sample and one pair at a time: the oracles the unit tests hold the training functions
// to. Nothing here is tensor code, and nothing here is imported by the engine.

export type Rows = number[][];

export const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
export const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

export function softmax(v: number[]): number[] {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

export function logSoftmax(v: number[]): number[] {
  const m = Math.max(...v);
  const lse = m + Math.log(v.reduce((a, x) => a + Math.exp(x - m), 0));
  return v.map((x) => x - lse);
}

/** DINO's teacher targets: softmax((t − c) / τt) per row (DINO Algorithm 1). */
export const centredTargets = (teacher: Rows, center: number[], temp: number): Rows => teacher.map((row) => softmax(row.map((x, k) => (x - center[k]) / temp)));

/**
 * Sinkhorn-Knopp as DINOv2's sinkhorn_knopp_teacher: Q = exp(t/τ)ᵀ [K × B], Q /= ΣQ, then per
 * iteration: each prototype's row to 1/K, each sample's column to 1/B; finally × B, back to [B × K].
 */
export function sinkhorn(teacher: Rows, temp: number, iterations: number): Rows {
  const b = teacher.length;
  const k = teacher[0].length;
  const q = Array.from({ length: k }, (_, j) => teacher.map((row) => Math.exp(row[j] / temp)));
  const all = q.flat().reduce((a, x) => a + x, 0);
  q.forEach((r) => r.forEach((_, i) => (r[i] /= all)));
  for (let it = 0; it < iterations; it++) {
    for (const r of q) {
      const s = r.reduce((a, x) => a + x, 0);
      r.forEach((_, i) => (r[i] /= s * k));
    }
    for (let i = 0; i < b; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += q[j][i];
      for (let j = 0; j < k; j++) q[j][i] /= s * b;
    }
  }
  return Array.from({ length: b }, (_, i) => q.map((r) => r[i] * b));
}

/**
 * DINO's loss for given teacher targets: the mean over every (teacher global view iq, student view
 * v ≠ iq) pair of the batch mean of H(q, softmax(s / τs)); the teacher's entropy over the same pairs.
 * student: crop-major [nCrops·N] rows, targets: [nGlobal·N] rows.
 */
export function crossViewLoss(student: Rows, targets: Rows, nCrops: number, studentTemp: number, nGlobal = 2): { loss: number; entropy: number } {
  const n = targets.length / nGlobal;
  let loss = 0;
  let entropy = 0;
  let pairs = 0;
  for (let iq = 0; iq < nGlobal; iq++) {
    for (let v = 0; v < nCrops; v++) {
      if (v === iq) continue;
      for (let b = 0; b < n; b++) {
        const q = targets[iq * n + b];
        const logp = logSoftmax(student[v * n + b].map((x) => x / studentTemp));
        loss -= q.reduce((a, qk, k) => a + qk * logp[k], 0) / n;
        entropy -= q.reduce((a, qk) => a + (qk > 0 ? qk * Math.log(qk) : 0), 0) / n;
      }
      pairs++;
    }
  }
  return { loss: loss / pairs, entropy: entropy / pairs };
}

/**
 * iBOT's patch term (its main_ibot.py loss, λ2 = 1): for each global crop's image, the mean over
 * its masked patches of H(softmax((t − c₂)/τt'), softmax(s/τs)), 0 where nothing is masked; then
 * the mean over all those images. patches: [images][P][K], masks: [images][P] of 0/1.
 */
export function ibotPatchLoss(student: number[][][], teacher: number[][][], masks: number[][], center2: number[], teacherTemp: number, studentTemp: number): number {
  let total = 0;
  for (let i = 0; i < student.length; i++) {
    let sum = 0;
    let count = 0;
    for (let p = 0; p < masks[i].length; p++) {
      if (!masks[i][p]) continue;
      const q = softmax(teacher[i][p].map((x, k) => (x - center2[k]) / teacherTemp));
      const logp = logSoftmax(student[i][p].map((x) => x / studentTemp));
      sum -= q.reduce((a, qk, k) => a + qk * logp[k], 0);
      count++;
    }
    total += count ? sum / count : 0;
  }
  return total / student.length;
}

/** KoLeo (DINOv2's koleo_loss.py): −mean_i log(min_{j≠i} ‖x̂_i − x̂_j + ε‖ + ε) on unit rows, by brute force. */
export function koleo(x: Rows, eps = 1e-8): number {
  const u = x.map(unit);
  let total = 0;
  for (let i = 0; i < u.length; i++) {
    let best = -Infinity;
    let nn = -1;
    for (let j = 0; j < u.length; j++) {
      if (j === i) continue;
      const d = dot(u[i], u[j]); // the nearest neighbour is the largest cosine, as in the code
      if (d > best) (best = d), (nn = j);
    }
    total += Math.log(Math.hypot(...u[i].map((v, k) => v - u[nn][k] + eps)) + eps);
  }
  return -total / u.length;
}
