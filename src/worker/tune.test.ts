import { describe, expect, it } from 'vitest';
import { ThreadTrial } from './tune';

function drive(counts: number[], msFor: (threads: number) => number) {
  const pools: number[] = [];
  let current = counts[0];
  const trial = new ThreadTrial(counts, (n) => pools.push((current = n)));
  for (let i = 0; i < 20; i++) {
    const threads = trial.beforeTick();
    const d = trial.afterTick(msFor(threads));
    if (d) return { d, pools, ticks: i + 1, current };
  }
  throw new Error('no decision');
}

describe('the thread trial on the first training steps', () => {
  it('keeps the pool of one thread per core when it is faster', () => {
    const { d, pools, ticks, current } = drive([1, 2], (t) => (t === 2 ? 400 : 700));
    expect(d).toMatchObject({ backend: 'wasm', threads: 2 });
    expect(d.why).toBe('fastest per step here: wasm ×2 400 ms · wasm ×1 700 ms');
    expect(pools).toEqual([2]);
    expect(current).toBe(2);
    expect(ticks).toBe(6);
  });
  it('goes back to one thread where more are slower', () => {
    const { d, pools, current } = drive([1, 4], (t) => (t === 4 ? 900 : 600));
    expect(d.threads).toBe(1);
    expect(pools).toEqual([4, 1]);
    expect(current).toBe(1);
  });
  it('tried many threads first, it comes back to them when they win', () => {
    const { d, pools, current } = drive([2, 1], (t) => (t === 2 ? 400 : 700));
    expect(d.threads).toBe(2);
    expect(pools).toEqual([1, 2]);
    expect(current).toBe(2);
  });
  it('does not count the settling tick after a switch', () => {
    let tick = 0;
    // the first tick on each pool is slow (warm-up); the timed ones say 2 threads are faster
    const { d } = drive([1, 2], (t) => (tick++ % 3 === 0 ? 5000 : t === 2 ? 300 : 500));
    expect(d.threads).toBe(2);
    expect(d.why).not.toContain('5000');
  });
});
