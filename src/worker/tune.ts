// wasm's thread count, measured on the page's own first training steps: the runs train as usual
// while the pool is switched between one thread and one per core, and the faster stays. Learning
// is untouched (the thread count changes how a step is split, not what it computes); only the
// first half-dozen ticks are timed.
import { fastest, type Decision, type Timed } from '../engine/choice';

/** A tick that only warms up (first allocations, a fresh pool's threads starting), then timed ones. */
const SETTLE = 1;
const TIMED = 2;

export class ThreadTrial {
  private tick = 0;
  private readonly plan: { threads: number; timed: boolean }[];
  private readonly times = new Map<number, number[]>();
  /** the pool the backend has now */
  private pool: number;

  /** `counts`: thread counts to try, in order, starting with the pool the backend has now. */
  constructor(
    counts: number[],
    private readonly setPool: (threads: number) => void,
  ) {
    this.plan = counts.flatMap((threads) => [...Array(SETTLE).fill({ threads, timed: false }), ...Array(TIMED).fill({ threads, timed: true })]);
    this.pool = counts[0];
  }

  private use(threads: number) {
    if (threads === this.pool) return;
    this.setPool(threads);
    this.pool = threads;
  }

  /** Before each tick: the pool this one runs on. */
  beforeTick(): number {
    this.use(this.plan[this.tick]?.threads ?? this.pool);
    return this.pool;
  }

  /** After each tick, its training time; at the end of the plan, the decision (the pool is set to it). */
  afterTick(ms: number): Decision | null {
    const p = this.plan[this.tick++];
    if (!p) return null;
    if (p.timed) this.times.set(p.threads, [...(this.times.get(p.threads) ?? []), ms]);
    if (this.tick < this.plan.length) return null;
    const timed: Timed[] = [...this.times].map(([threads, ms]) => ({ backend: 'wasm', threads, msPerStep: Math.min(...ms) }));
    const d = fastest(timed);
    this.use(d.threads!);
    return d;
  }
}
