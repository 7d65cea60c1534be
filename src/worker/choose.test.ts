// The order in which `auto` starts things: wasm never waits for the GPU adapter's answer, and two
// backends never start at once. The backends themselves are stand-ins that record each start.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Candidate } from '../engine/choice';

const calls: string[] = [];
let adapter: (c: Candidate[]) => void = () => {};
const pending = new Map<string, () => void>();

vi.mock('../engine/backend', () => ({
  wasmCandidates: () => [
    { backend: 'wasm', threads: 2 },
    { backend: 'wasm', threads: 1 },
  ],
  autoCandidates: () => {
    calls.push('adapter asked');
    return new Promise<Candidate[]>((r) => (adapter = r));
  },
  startBackend: (d: { backend: string; threads?: number }) => {
    const name = `${d.backend}${d.threads ? ` ×${d.threads}` : ''}`;
    calls.push(`start ${name}`);
    return new Promise((r) => pending.set(name, () => (calls.push(`started ${name}`), r({ name: d.backend, software: false, adapter: d.backend, reason: '', threads: d.threads }))));
  },
}));
vi.mock('../engine/data', () => ({ loadDataset: async () => ({}) }));
vi.mock('../engine/trainer', () => ({
  Trainer: class {
    trainStep = async () => ({ ms: 10 });
    dispose() {}
  },
}));

const { chooseStart } = await import('./choose');
const job = { method: 'simclr' as const, config: {} as never, bytes: async () => new Uint8Array(), say: () => {} };
const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  calls.length = 0;
  pending.clear();
});

describe('what auto starts, and when', () => {
  it('with nothing remembered, wasm starts before the GPU adapter has answered, and is the answer without a real GPU', async () => {
    const done = chooseStart('auto', null, job, {});
    await tick();
    expect(calls).toEqual(['start wasm ×2', 'adapter asked']);
    adapter([{ backend: 'wasm', threads: 2 }, { backend: 'wasm', threads: 1 }]);
    await tick();
    pending.get('wasm ×2')!();
    const start = await done;
    expect(calls).toEqual(['start wasm ×2', 'adapter asked', 'started wasm ×2']);
    expect(start.info.threads).toBe(2);
    expect(start.threadTrial).toEqual([2, 1]);
  });

  it('a remembered wasm choice starts at once, without asking for an adapter', async () => {
    const done = chooseStart('auto', { backend: 'wasm', threads: 1, why: 'fastest' }, job, {});
    await tick();
    pending.get('wasm ×1')!();
    const start = await done;
    expect(calls).toEqual(['start wasm ×1', 'started wasm ×1']);
    expect(start.info.source).toBe('remembered');
  });

  it('with a real GPU, WebGPU starts only once the early wasm start has finished', async () => {
    const done = chooseStart('auto', null, job, {});
    await tick();
    adapter([{ backend: 'webgpu' }, { backend: 'wasm', threads: 2 }, { backend: 'wasm', threads: 1 }]);
    await tick();
    expect(calls).not.toContain('start webgpu');
    pending.get('wasm ×2')!();
    await tick();
    expect(calls.slice(0, 4)).toEqual(['start wasm ×2', 'adapter asked', 'started wasm ×2', 'start webgpu']);
    // each candidate is timed on its own start, then the faster one starts for good
    for (const name of ['webgpu', 'wasm ×1']) {
      pending.get(name)!();
      await tick();
      await tick();
    }
    const last = [...pending.keys()].at(-1)!;
    pending.get(last)!();
    await done;
    expect(calls.filter((c) => c.startsWith('start '))).toEqual(['start wasm ×2', 'start webgpu', 'start wasm ×1', `start ${last}`]);
  });

  it('a forced backend starts alone: no early wasm, no adapter', async () => {
    const done = chooseStart('webgl', null, job, {});
    await tick();
    pending.get('webgl')!();
    await done;
    expect(calls).toEqual(['start webgl', 'started webgl']);
  });
});
