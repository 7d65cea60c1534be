// A shared link's log replayed by the real runner: the changes made live while a run trained,
// applied at the steps the worker named, give the same loss at every step.
import { describe, expect, it } from 'vitest';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { nodeBytes } from '../../scripts/node-env';
import type { Change } from '../config/changelog';
import { defaultConfig, type ParamName } from '../config/schema';
import type { WorkerToUi } from './protocol';
import { Runner } from './runner';
import { LiveChanges } from './script';

const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';
const config = { ...defaultConfig(), batchSize: 8, embedDim: 16, evalEvery: 1000 };
const ONE = [{ label: 'main', patch: {} }];

function harness() {
  const got: WorkerToUi[] = [];
  const runner = new Runner((m) => got.push(m), { bytes: nodeBytes, wasmPaths: wasmDir, evalSizes: { train: 100, test: 50, geometry: 20 } });
  const until = async (pred: () => boolean) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > 90_000) throw new Error('timed out waiting for the runner');
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const losses = () => new Map(got.flatMap((m) => (m.type === 'steps' ? m.records.main.map((r) => [r.step, r.loss] as const) : [])));
  const step = () => Math.max(0, ...losses().keys());
  return { got, runner, until, losses, step };
}

describe('live changes between ticks', () => {
  it('a change waits for the tick in flight; the replay ends at the page’s own change; entries the runs passed are dropped', () => {
    const live = new LiveChanges([
      { step: 3, param: 'temperature', value: 0.5 },
      { step: 1, param: 'lr', value: 0.002 },
      { step: 3, param: 'lr', value: 0.004 },
    ]);
    expect(live.due(0)).toEqual({ own: null, scripted: null });
    expect(live.due(1)).toEqual({ own: null, scripted: { lr: 0.002 } });
    expect(live.due(3)).toEqual({ own: null, scripted: { temperature: 0.5, lr: 0.004 } });
    const again = new LiveChanges([{ step: 2, param: 'lr', value: 0.002 }, { step: 5, param: 'lr', value: 0.003 }]);
    expect(again.due(4)).toEqual({ own: null, scripted: null }); // (step 2 was passed, step 5 is to come)
    again.queue({ temperature: 0.2 });
    expect(again.pending).toBe(0);
    expect(again.due(4)).toEqual({ own: { temperature: 0.2 }, scripted: null });
  });

  it('a run replayed from its log of live changes has the same loss at every step as the run the changes were made on', async () => {
    // the original: a student changes τ and the learning rate while it trains
    const a = harness();
    await a.runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs: ONE });
    await a.runner.handle({ type: 'play' });
    await a.until(() => a.step() >= 3);
    await a.runner.handle({ type: 'set', patch: { temperature: 0.5 } });
    // (the step records come in batches: wait for the change to land, then for a few steps more)
    await a.until(() => a.got.some((m) => m.type === 'applied'));
    const first = (a.got.find((m) => m.type === 'applied') as { step: number }).step;
    await a.until(() => a.step() >= first + 3);
    await a.runner.handle({ type: 'set', patch: { lr: 0.01, temperature: 0.05 } });
    await a.until(() => a.got.filter((m) => m.type === 'applied').length === 2);
    const second = (a.got.filter((m) => m.type === 'applied')[1] as { step: number }).step;
    await a.until(() => a.step() >= second + 3);
    await a.runner.handle({ type: 'pause' });
    await a.until(() => a.got.some((m) => m.type === 'status' && m.status === 'paused'));
    const log: Change[] = a.got.flatMap((m) => (m.type === 'applied' ? Object.entries(m.patch).map(([param, value]) => ({ step: m.step, param: param as ParamName, value: value as Change['value'] })) : []));
    expect(log.map((c) => c.param)).toEqual(['temperature', 'lr', 'temperature']);
    const last = a.step();
    expect(log.at(-1)!.step).toBeLessThan(last);

    // the link: the same settings, the log replayed
    const b = harness();
    await b.runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs: ONE, script: log });
    await b.runner.handle({ type: 'step', count: last });
    await b.until(() => b.step() >= last);
    const replayed = b.got.filter((m) => m.type === 'applied');
    expect(replayed.map((m) => (m as { step: number }).step)).toEqual([log[0].step, log[1].step]);
    expect(replayed.every((m) => (m as { scripted?: boolean }).scripted)).toBe(true);
    for (let s = 1; s <= last; s++) expect(b.losses().get(s), `step ${s}`).toBe(a.losses().get(s));

    // without the log the run parts from the original at the first change
    const c = harness();
    await c.runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs: ONE });
    await c.runner.handle({ type: 'step', count: last });
    await c.until(() => c.step() >= last);
    expect(c.losses().get(log[0].step)).toBe(a.losses().get(log[0].step));
    expect(c.losses().get(log[0].step + 1)).not.toBe(a.losses().get(log[0].step + 1));
  });
});
