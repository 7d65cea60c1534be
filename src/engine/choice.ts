// What `auto` trains on, decided from real training steps: a forced `backend=` wins, then a choice
// this browser remembers for the method, then the fastest measured candidate. Pure: the worker
// measures, the page remembers (src/bridge/remember.ts), this decides.
import type { BackendChoice } from '../config/methods';

/** What auto chooses between: WebGPU on a real GPU, or wasm with some number of threads. */
export interface Candidate {
  backend: 'webgpu' | 'wasm';
  /** wasm's thread pool; absent for WebGPU */
  threads?: number;
}

export interface Timed extends Candidate {
  /** median ms of the page's own training step, after warm-up */
  msPerStep: number;
}

export interface Decision {
  backend: Exclude<BackendChoice, 'auto'>;
  threads?: number;
  source: 'forced' | 'remembered' | 'measured';
  /** one line for the badge: why this backend */
  why: string;
}

export const candidateName = (c: Candidate) => (c.backend === 'wasm' ? `wasm ×${c.threads ?? 1}` : c.backend);

const sameCandidate = (a: Candidate, b: Candidate) => a.backend === b.backend && (a.threads ?? 1) === (b.threads ?? 1);

/** Cheaper to run when the times tie (within 3%): wasm before WebGPU, fewer threads before more. */
const cost = (c: Candidate) => (c.backend === 'webgpu' ? 100 : 0) + (c.threads ?? 1);

/** The fastest measured candidate, with the times that made it so. */
export function fastest(timed: Timed[]): Decision {
  if (!timed.length) throw new Error('fastest: nothing was measured');
  const best = Math.min(...timed.map((t) => t.msPerStep));
  const near = timed.filter((t) => t.msPerStep <= best * 1.03).sort((a, b) => cost(a) - cost(b));
  const pick = near[0];
  const times = [...timed].sort((a, b) => a.msPerStep - b.msPerStep).map((t) => `${candidateName(t)} ${t.msPerStep.toFixed(0)} ms`).join(' · ');
  return { backend: pick.backend, ...(pick.backend === 'wasm' ? { threads: pick.threads ?? 1 } : {}), source: 'measured', why: `fastest per step here: ${times}` };
}

/**
 * A forced backend, or a remembered choice, or null: measure first. A remembered choice the
 * machine can no longer run (WebGPU gone, fewer threads) is not reused.
 */
export function decide(forced: BackendChoice, remembered: (Candidate & { why?: string }) | null, available: Candidate[]): Decision | null {
  if (forced !== 'auto') return { backend: forced, source: 'forced', why: `backend=${forced} in the address` };
  if (remembered && available.some((a) => sameCandidate(a, remembered))) {
    return { backend: remembered.backend, ...(remembered.backend === 'wasm' ? { threads: remembered.threads ?? 1 } : {}), source: 'remembered', why: `remembered from an earlier visit${remembered.why ? ` (${remembered.why})` : ''}` };
  }
  return available.length === 1 ? { ...available[0], source: 'measured', why: 'nothing else to try here (no real GPU; one thread)' } : null;
}
