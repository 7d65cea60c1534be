import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { nodeBackend, nodeBytes } from '../../scripts/node-env';
import { defaultConfig, type Config } from '../config/schema';
import { small, tinyData } from '../engine/__fixtures__/tiny';
import { REPORTS } from '../engine/reports';
import { Trainer } from '../engine/trainer';
import type { WorkerToUi } from './protocol';
import { Runner } from './runner';
import { twinKey } from './twins';

const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';

describe('twin runs (the same untrained model)', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });
  const data = tinyData();
  const key = async (patch: Partial<Config>, method: 'simclr' | 'byol' = 'simclr') => {
    const tr = new Trainer(method, small(patch), data);
    try {
      return await twinKey(tr.methodId, tr.config, tr.model);
    } finally {
      tr.dispose();
    }
  };

  it('are runs that differ only in a loss or optimiser setting', async () => {
    const base = await key({});
    expect(await key({ temperature: 0.5 })).toBe(base);
    expect(await key({ lr: 0.01, steps: 50 })).toBe(base);
  });
  it('are not runs with another seed, other augmentations, another model or another method', async () => {
    const base = await key({});
    expect(await key({ seed: 2 })).not.toBe(base);
    expect(await key({ cropMinScale: 0.5 })).not.toBe(base);
    expect(await key({ embedDim: 16 })).not.toBe(base);
    expect(await key({}, 'byol')).not.toBe(base);
  });

  it('a page measures the untrained evaluation once per distinct model, and every run gets its own', async () => {
    const got: WorkerToUi[] = [];
    const runner = new Runner((m) => got.push(m), { bytes: nodeBytes, wasmPaths: wasmDir, evalSizes: { train: 200, test: 100, geometry: 50 } });
    const made = vi.spyOn(REPORTS.eval, 'make');
    const config = { ...defaultConfig(), batchSize: 8, embedDim: 16, evalEvery: 1000 };
    const runs = [
      { label: 'a', patch: { temperature: 0.1 } },
      { label: 'b', patch: { temperature: 0.5 } },
      { label: 'c', patch: { seed: 7 } },
    ];
    await runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs });
    const t0 = Date.now();
    while (got.filter((m) => m.type === 'eval').length < 3 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
    const evals = got.filter((m) => m.type === 'eval') as Extract<WorkerToUi, { type: 'eval' }>[];
    expect(evals.map((e) => [e.run, e.step, e.initial])).toEqual([['a', 0, true], ['b', 0, true], ['c', 0, true]]);
    expect(made).toHaveBeenCalledTimes(2); // a's, copied to b; and c's
    expect(evals[1].record).toEqual(evals[0].record);
    expect(evals[2].record).not.toEqual(evals[0].record);
    made.mockRestore();
  });
});
