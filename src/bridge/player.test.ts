import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Player } from './player';
import { pack, RECORDING_FORMAT, type Recording } from './recording';
import type { WorkerToUi } from '../worker/protocol';

// a hand-made recording of 20 steps of two runs: a ready message before step 1, a figure after step 10
function recording(): Recording {
  const rows = (scale: number) => Array.from({ length: 20 }, (_, k) => [k + 1, pack(scale / (k + 1))]);
  const frames: unknown[][] = Array.from({ length: 21 }, () => []);
  frames[0].push(pack({ type: 'ready', backend: { name: 'wasm', software: false, adapter: '', reason: '' }, dataset: { name: 'shapes', classNames: [], attribution: '', trainSize: 1, testSize: 1 }, step: 0, runs: ['a', 'b'] }));
  frames[10].push(pack({ type: 'teacher', run: 'a', step: 10, meanEntropy: 1.5, probs: new Float32Array([0.25, 0.75]) }));
  return {
    format: RECORDING_FORMAT, lesson: 'dino', method: 'dino', config: {} as Recording['config'], runs: [{ label: 'a', patch: {} }, { label: 'b', patch: {} }],
    recordedOn: '2026-12-07', backend: 'wasm, in Node', commit: 'abc', steps: 20,
    records: { a: { keys: ['step', 'loss'], rows: rows(1) }, b: { keys: ['step', 'loss'], rows: rows(2) } },
    frames,
    blobs: [],
  };
}

function harness(rec: unknown = recording()) {
  const got: WorkerToUi[] = [];
  const loaded: unknown[] = [];
  const p = new Player('rec.json', (m) => loaded.push(m), 10, async () => rec);
  p.onmessage = (e) => got.push(e.data);
  const steps = () => got.flatMap((m) => (m.type === 'steps' ? m.records.a.map((r) => r.step) : []));
  const statuses = () => got.flatMap((m) => (m.type === 'status' ? [m.status] : []));
  return { p, got, loaded, steps, statuses };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('Player (a recorded run in the worker’s place)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());

  it('answers init with what came before step 1, then steps on demand with both runs’ records', async () => {
    const h = harness();
    h.p.postMessage({ type: 'init' } as never);
    await settle();
    expect(h.loaded).toEqual([{ lesson: 'dino', recordedOn: '2026-12-07', backend: 'wasm, in Node', steps: 20, commit: 'abc' }]);
    expect(h.got.find((m) => m.type === 'ready')).toMatchObject({ runs: ['a', 'b'] });
    expect(h.statuses()).toEqual(['loading', 'idle']);
    h.p.postMessage({ type: 'step', count: 3 });
    await settle();
    expect(h.steps()).toEqual([1, 2, 3]);
    const batch = h.got.find((m) => m.type === 'steps') as Extract<WorkerToUi, { type: 'steps' }>;
    expect(batch.records.b.map((r) => r.loss)).toEqual([2, 1, 0.66667]);
    expect(h.statuses().at(-1)).toBe('paused');
  });

  it('plays at its speed, sends a figure after its step, pauses, and ends at the last step', async () => {
    const h = harness();
    h.p.postMessage({ type: 'init' } as never);
    await settle();
    h.p.postMessage({ type: 'play' });
    await settle();
    vi.advanceTimersByTime(1000); // 10 steps/s
    expect(h.steps()).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const teacher = h.got.find((m) => m.type === "teacher") as unknown as { step: number; probs: Float32Array };
    expect(teacher.step).toBe(10);
    expect([...teacher.probs]).toEqual([0.25, 0.75]);
    h.p.postMessage({ type: 'pause' });
    await settle();
    vi.advanceTimersByTime(1000);
    expect(h.steps().length).toBe(10);
    h.p.setSpeed(50);
    h.p.postMessage({ type: 'play' });
    await settle();
    vi.advanceTimersByTime(1000);
    expect(h.steps().at(-1)).toBe(20);
    expect(h.got.at(-1)).toMatchObject({ type: 'status', status: 'paused', step: 20 });
    expect((h.got.at(-1) as { message: string }).message).toMatch(/End of the recorded run/);
  });

  it('starts over on reset, and ignores live settings', async () => {
    const h = harness();
    h.p.postMessage({ type: 'init' } as never);
    await settle();
    h.p.postMessage({ type: 'step', count: 5 });
    h.p.postMessage({ type: 'set', patch: { temperature: 0.5 } });
    h.p.postMessage({ type: 'reset' } as never);
    await settle();
    h.got.length = 0;
    h.p.postMessage({ type: 'step', count: 1 });
    await settle();
    expect(h.steps()).toEqual([1]);
    expect(h.got.some((m) => m.type === 'applied')).toBe(false);
  });

  it('says so, and stops, where the file is not a recording', async () => {
    const h = harness({ format: 'something else' });
    h.p.postMessage({ type: 'init' } as never);
    await settle();
    await settle();
    expect(h.got.find((m) => m.type === 'error')).toMatchObject({ kind: 'backend' });
    expect((h.got.find((m) => m.type === 'error') as { message: string }).message).toMatch(/not usable: format/);
    expect(h.statuses().at(-1)).toBe('error');
    expect(h.loaded).toEqual([]);
  });
});
