// Schedules as pure functions of the step (no tfjs): the engine uses them, and pages show their values.

/** BYOL's schedule: τ_k = 1 − (1 − τ_base)(cos(πk/K) + 1)/2, from τ_base at k = 0 to 1 at k = K. */
export function cosineMomentum(base: number, step: number, total: number): number {
  const k = Math.min(step, total);
  return 1 - ((1 - base) * (Math.cos((Math.PI * k) / total) + 1)) / 2;
}
