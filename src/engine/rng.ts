// Seeded randomness for everything the lab draws on the CPU: weights, batch order,
// augmentation parameters. tfjs's own random ops are not seedable across backends, so a run is
// reproducible only if every random number comes from here.

export type Rng = () => number;

/**
 * A stream that can also jump ahead: `skip(n)` leaves it where n draws would have; `state()` is
 * where it stands, and `mulberry32(state)` a stream that goes on from there.
 */
export type SkippableRng = Rng & { skip(n: number): void; state(): number };

/** mulberry32: tiny, fast, good enough for initialisation and sampling. */
export function mulberry32(seed: number): SkippableRng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // its state only ever advances by a constant, so n draws are one multiply-add (mod 2³²)
  return Object.assign(next, { skip: (n: number) => void (a = (a + Math.imul(n, 0x6d2b79f5)) >>> 0), state: () => a });
}

/** Derive an independent stream from a seed and a label, so adding a consumer never shifts another's numbers. */
export function substream(seed: number, label: string): Rng {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return mulberry32(h >>> 0);
}

export function normal(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** Fisher–Yates permutation of 0..n-1. */
export function permutation(rng: Rng, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
