import { describe, expect, it } from 'vitest';
import { pthreadWorkers, wasmThreads } from './backend';

describe('wasm thread count', () => {
  it('is one where there is no shared memory (a page that is not cross-origin isolated, or Node), whatever is asked', () => {
    expect(wasmThreads(4, 8, false)).toBe(1);
    expect(wasmThreads(null, 16, false)).toBe(1);
  });
  it('is one per logical core by default, at most 8 (the size of tfjs’ worker pool)', () => {
    expect(wasmThreads(null, 2, true)).toBe(2);
    expect(wasmThreads(null, 6, true)).toBe(6);
    expect(wasmThreads(null, 32, true)).toBe(8);
    expect(wasmThreads(undefined, undefined, true)).toBe(1);
  });
  it('honours a request (threads=N) within 1–8', () => {
    expect(wasmThreads(1, 8, true)).toBe(1);
    expect(wasmThreads(3, 2, true)).toBe(3);
    expect(wasmThreads(0, 4, true)).toBe(1);
  });
});

describe('pthread workers started with the threaded module', () => {
  it('are enough for the largest pool made twice (a thread trial starts or tries it, then chooses it), at most 8', () => {
    expect(pthreadWorkers(2)).toBe(2); // a 2-core laptop: 2, where tfjs starts 8
    expect(pthreadWorkers(4)).toBe(6);
    expect(pthreadWorkers(8)).toBe(8);
    expect(pthreadWorkers(1)).toBe(1);
  });
});
