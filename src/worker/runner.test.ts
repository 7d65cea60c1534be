import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { nodeBytes } from '../../scripts/node-env';
import { defaultConfig } from '../config/schema';
import type { WorkerToUi } from './protocol';
import { Runner } from './runner';
import { simclr } from '../engine/methods/simclr';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';

const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';

function harness(evalSizes = { train: 200, test: 100, geometry: 50 }) {
  const got: WorkerToUi[] = [];
  const runner = new Runner((m) => got.push(m), { bytes: nodeBytes, wasmPaths: wasmDir, evalSizes });
  const until = async (pred: (m: WorkerToUi[]) => boolean, ms = 60_000) => {
    const t0 = Date.now();
    while (!pred(got)) {
      if (Date.now() - t0 > ms) throw new Error('timed out waiting for the runner');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { got, runner, until };
}
const ONE = [{ label: 'main', patch: {} }];
const statuses = (got: WorkerToUi[]) => got.filter((m) => m.type === 'status').map((m) => (m as { status: string }).status);

describe('Runner (the worker behind the protocol)', () => {
  it('init → step → play → pause, with throttled step reports and evaluations', async () => {
    const { got, runner, until } = harness();
    const config = { ...defaultConfig(), batchSize: 8, embedDim: 16, evalEvery: 5 };
    await runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs: ONE });
    expect(got.find((m) => m.type === 'ready')).toMatchObject({ backend: { name: 'wasm' } });
    expect(statuses(got).at(-1)).toBe('idle');
    // the untrained evaluation follows, in the worker's idle time
    await until((g) => g.some((m) => m.type === 'eval'));
    expect(got.find((m) => m.type === 'eval')).toMatchObject({ initial: true, record: { step: 0 } });

    await runner.handle({ type: 'step', count: 2 });
    await until((g) => statuses(g).at(-1) === 'paused');
    const steps = got.filter((m) => m.type === 'steps').flatMap((m) => (m as { records: Record<string, { step: number }[]> }).records.main.map((r) => r.step));
    expect(steps).toEqual([1, 2]);

    await runner.handle({ type: 'set', patch: { temperature: 0.5, batchSize: 64 } });
    expect(got.find((m) => m.type === 'applied')).toMatchObject({ patch: { temperature: 0.5, batchSize: 64 }, rejected: ['batchSize'] });

    await runner.handle({ type: 'watch', what: 'embedding', on: true });
    await runner.handle({ type: 'play' });
    await until((g) => g.some((m) => m.type === 'eval' && m.record.step === 5));
    await runner.handle({ type: 'pause' });
    await until((g) => statuses(g).at(-1) === 'paused');
    // the records of every step are out before the 'paused' status that names the step
    const pausedAt = got.findLastIndex((m) => m.type === 'status' && m.status === 'paused');
    const pausedStep = (got[pausedAt] as { step: number }).step;
    const sentBefore = got.slice(0, pausedAt).filter((m) => m.type === 'steps').flatMap((m) => (m as { records: Record<string, { step: number }[]> }).records.main.map((r) => r.step));
    expect(sentBefore.at(-1)).toBe(pausedStep);
    const reports = got.filter((m) => m.type === 'steps');
    // batched: fewer messages than steps once running freely
    const last = reports.at(-1) as { records: Record<string, { step: number }[]> };
    expect(last.records.main.at(-1)!.step).toBeGreaterThanOrEqual(5);
    expect(got.some((m) => m.type === 'embedding' && m.coords.length === 2 * m.labels.length)).toBe(true);
  });

  it('stops at the step budget and says why', async () => {
    const { got, runner, until } = harness();
    await runner.handle({ type: 'init', method: 'simclr', config: { ...defaultConfig(), batchSize: 8, embedDim: 16, steps: 3 }, backend: 'wasm', runs: ONE });
    await runner.handle({ type: 'play' });
    await until((g) => g.some((m) => m.type === 'status' && m.status === 'paused'));
    const paused = got.filter((m) => m.type === 'status' && m.status === 'paused').at(-1) as { message?: string; step: number };
    expect(paused.step).toBe(3);
    expect(paused.message).toMatch(/budget/);
  });

  it('a NaN loss pauses training with a message naming the step; play continues afterwards', async () => {
    const { got, runner, until } = harness();
    await runner.handle({ type: 'init', method: 'simclr', config: { ...defaultConfig(), batchSize: 8, embedDim: 16 }, backend: 'wasm', runs: ONE });
    await runner.handle({ type: 'step', count: 2 });
    await until((g) => statuses(g).at(-1) === 'paused');
    const trainer = (runner as unknown as { trainer: { method: typeof simclr } }).trainer;
    const healthy = trainer.method;
    trainer.method = {
      ...healthy,
      loss: (m, st, v, c) => {
        const out = healthy.loss(m, st, v, c);
        return { ...out, loss: tf.mul(out.loss, NaN) as tf.Scalar };
      },
    };
    await runner.handle({ type: 'play' });
    await until((g) => statuses(g).at(-1) === 'error');
    expect(got.find((m) => m.type === 'error')).toMatchObject({ kind: 'nan', step: 2 });
    expect((got.find((m) => m.type === 'error') as { hint: string }).hint).toMatch(/learning rate/);
    trainer.method = healthy;
    await runner.handle({ type: 'step', count: 1 });
    await until((g) => g.some((m) => m.type === 'steps' && m.records.main.some((r) => r.step === 3)));
  });

  it('a reset while running disposes the old model cleanly and starts again from step 0', async () => {
    const { got, runner, until } = harness();
    const config = { ...defaultConfig(), batchSize: 8, embedDim: 16 };
    await runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs: ONE });
    const base = tf.memory().numTensors;
    await runner.handle({ type: 'play' });
    await until((g) => g.some((m) => m.type === 'steps'));
    await runner.handle({ type: 'reset', method: 'simclr', config, runs: ONE });
    expect(statuses(got).at(-1)).toBe('idle');
    expect(tf.memory().numTensors).toBe(base);
  });

  it('a sweep trains its runs in lockstep, each keeping its own value of the swept parameter', async () => {
    const { got, runner, until } = harness();
    const config = { ...defaultConfig(), batchSize: 8, embedDim: 2, evalEvery: 1000 };
    const runs = [0.05, 1].map((t) => ({ label: `temperature=${t}`, patch: { temperature: t } }));
    await runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs });
    expect(got.find((m) => m.type === 'ready')).toMatchObject({ runs: ['temperature=0.05', 'temperature=1'] });
    await until((g) => g.filter((m) => m.type === 'eval').length === 2);
    expect(got.filter((m) => m.type === 'eval').map((m) => (m as { run: string }).run)).toEqual(['temperature=0.05', 'temperature=1']);
    await runner.handle({ type: 'watch', what: 'geometry', on: true });
    const geo = got.filter((m) => m.type === 'geometry') as Extract<WorkerToUi, { type: 'geometry' }>[];
    expect(geo.map((g) => g.run)).toEqual(['temperature=0.05', 'temperature=1']);
    // z on the unit circle, two views per image
    expect(geo[0].d).toBe(2);
    expect(geo[0].z.length).toBe(2 * 2 * geo[0].labels.length);
    for (let i = 0; i < geo[0].z.length; i += 2) expect(Math.hypot(geo[0].z[i], geo[0].z[i + 1])).toBeCloseTo(1, 5);
    // with the collapse gauges of the same images
    expect(geo[0].rankme).toBeGreaterThanOrEqual(1);
    expect(geo[0].rankme).toBeLessThanOrEqual(2 + 1e-6);
    expect(geo[0].std).toBeGreaterThan(0);
    expect(Math.abs(geo[0].meanCos)).toBeLessThanOrEqual(1);
    expect(geo[0].spectrum.length).toBe(2);

    // a live change reaches every run, but never overrides a run's own swept value
    await runner.handle({ type: 'set', patch: { temperature: 0.3, lr: 2e-3 } });
    const trainers = (runner as unknown as { slots: { trainer: { config: { temperature: number; lr: number }; step: number } }[] }).slots.map((s) => s.trainer);
    expect(trainers.map((t) => t.config.temperature)).toEqual([0.05, 1]);
    expect(trainers.map((t) => t.config.lr)).toEqual([2e-3, 2e-3]);

    await runner.handle({ type: 'step', count: 3 });
    await until((g) => statuses(g).at(-1) === 'paused');
    const stepsOf = (label: string) => got.filter((m) => m.type === 'steps').flatMap((m) => ((m as { records: Record<string, { step: number; loss: number }[]> }).records[label] ?? []));
    expect(stepsOf('temperature=0.05').map((r) => r.step)).toEqual([1, 2, 3]);
    expect(stepsOf('temperature=1').map((r) => r.step)).toEqual([1, 2, 3]);
    // same data, seed and init: only τ differs, so the losses differ
    expect(stepsOf('temperature=0.05')[0].loss).not.toBeCloseTo(stepsOf('temperature=1')[0].loss, 3);
    expect(trainers.map((t) => t.step)).toEqual([3, 3]);
    // a paused page asked for geometry gets the final state of every run
    expect(got.filter((m) => m.type === 'geometry' && m.step === 3).length).toBe(2);
  });

  it('a NaN in one run of a sweep names that run, and the runs stay in step afterwards', async () => {
    const { got, runner, until } = harness();
    const config = { ...defaultConfig(), batchSize: 8, embedDim: 8 };
    const runs = [0.1, 0.5].map((t) => ({ label: `temperature=${t}`, patch: { temperature: t } }));
    await runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs });
    const slots = (runner as unknown as { slots: { trainer: { method: typeof simclr; step: number } }[] }).slots;
    const second = slots[1].trainer;
    const healthy = second.method;
    second.method = { ...healthy, loss: (m, st, v, c) => { const out = healthy.loss(m, st, v, c); return { ...out, loss: tf.mul(out.loss, NaN) as tf.Scalar }; } };
    await runner.handle({ type: 'step', count: 1 });
    await until((g) => statuses(g).at(-1) === 'error');
    const err = got.find((m) => m.type === 'error') as Extract<WorkerToUi, { type: 'error' }>;
    expect(err).toMatchObject({ kind: 'nan', run: 'temperature=0.5' });
    expect(err.message).toMatch(/temperature=0\.5/);
    expect(slots.map((s) => s.trainer.step)).toEqual([1, 0]);
    second.method = healthy;
    await runner.handle({ type: 'step', count: 1 });
    await until((g) => statuses(g).at(-1) === 'paused');
    // the run that failed catches up first; the other waits for it
    expect(slots.map((s) => s.trainer.step)).toEqual([1, 1]);
  });

  it("a DINO comparison reports each run's attention (with its untrained score) and teacher while watched, and refreshes them as it trains", async () => {
    const { got, runner, until } = harness();
    const config = { ...defaultConfig(), dataset: 'shapes' as const, backbone: 'vit' as const, vitWidth: 16, vitDepth: 1, vitHeads: 2, batchSize: 4, prototypes: 32, localCrops: 1, evalEvery: 1000, batchNorm: true };
    const runs = [{ label: 'dino', patch: {} }, { label: 'dino-nocenter', patch: { centering: false } }];
    await runner.handle({ type: 'init', method: 'dino', config, backend: 'wasm', runs });
    await until((g) => g.some((m) => m.type === 'views'));
    const views = got.filter((m) => m.type === 'views').at(-1) as Extract<WorkerToUi, { type: 'views' }>;
    expect(views.locals?.count).toBe(1);
    await runner.handle({ type: 'watch', what: 'attention', on: true });
    await runner.handle({ type: 'watch', what: 'teacher', on: true });
    const att0 = got.filter((m) => m.type === 'attention') as Extract<WorkerToUi, { type: 'attention' }>[];
    expect(att0.map((a) => [a.run, a.step])).toEqual([['dino', 0], ['dino-nocenter', 0]]);
    expect(att0[0].jaccardAtInit).toEqual(att0[0].jaccard);
    expect(got.filter((m) => m.type === 'teacher').map((m) => (m as { run: string }).run)).toEqual(['dino', 'dino-nocenter']);
    // while it plays, both reports come again, later, with the untrained score still attached
    await runner.handle({ type: 'play' });
    await until((g) => g.some((m) => m.type === 'attention' && m.step > 0) && g.some((m) => m.type === 'teacher' && m.step > 0), 120_000);
    await runner.handle({ type: 'pause' });
    await until((g) => statuses(g).at(-1) === 'paused');
    const later = got.filter((m) => m.type === 'attention' && m.step > 0) as Extract<WorkerToUi, { type: 'attention' }>[];
    expect(later[0].jaccardAtInit).toEqual(att0.find((a) => a.run === later[0].run)!.jaccard);
    // unwatched: no more of them
    await runner.handle({ type: 'watch', what: 'attention', on: false });
    await runner.handle({ type: 'watch', what: 'teacher', on: false });
    const n = got.filter((m) => m.type === 'attention' || m.type === 'teacher').length;
    await runner.handle({ type: 'step', count: 2 });
    await until((g) => statuses(g).at(-1) === 'paused');
    expect(got.filter((m) => m.type === 'attention' || m.type === 'teacher').length).toBe(n);
  });

  it('an iBOT comparison sends patch-PCA maps (with the untrained score), masked patches at the asked ratio and seed, and spreads, while watched', async () => {
    const { got, runner, until } = harness();
    const config = { ...defaultConfig(), dataset: 'shapes' as const, backbone: 'vit' as const, vitWidth: 16, vitDepth: 1, vitHeads: 2, batchSize: 4, prototypes: 32, localCrops: 1, evalEvery: 1000, batchNorm: true };
    const runs = [{ label: 'ibot', patch: {} }, { label: 'ibot-nopatch', patch: { patchLoss: false } }];
    await runner.handle({ type: 'init', method: 'ibot', config, backend: 'wasm', runs });
    for (const what of ['patches', 'masked', 'spread'] as const) await runner.handle({ type: 'watch', what, on: true });
    const pca0 = got.filter((m) => m.type === 'patches') as Extract<WorkerToUi, { type: 'patches' }>[];
    expect(pca0.map((p) => [p.run, p.step])).toEqual([['ibot', 0], ['ibot-nopatch', 0]]);
    expect(pca0[0].jaccardAtInit).toBe(pca0[0].jaccard);
    const masked = () => got.filter((m) => m.type === 'masked') as Extract<WorkerToUi, { type: 'masked' }>[];
    expect(masked().map((m) => m.ratio)).toEqual([0.4, 0.4]);
    // a new ratio and seed: a fresh report for every run at once (paused), with more patches hidden
    await runner.handle({ type: 'maskView', ratio: 0.7, seed: 3 });
    const [a, b] = masked().slice(-2);
    expect([a.run, b.run, a.ratio]).toEqual(['ibot', 'ibot-nopatch', 0.7]);
    expect(a.maskedShare).toBeGreaterThan(masked()[0].maskedShare);
    expect(Array.from(a.masks)).toEqual(Array.from(b.masks)); // every run is shown the same masks
    expect(got.filter((m) => m.type === 'spread').length).toBe(2);
    // while it plays, the patch maps come again later, still carrying the untrained score
    await runner.handle({ type: 'play' });
    await until((g) => g.some((m) => m.type === 'patches' && m.step > 0), 120_000);
    await runner.handle({ type: 'pause' });
    await until((g) => statuses(g).at(-1) === 'paused');
    const later = got.find((m) => m.type === 'patches' && m.step > 0) as Extract<WorkerToUi, { type: 'patches' }>;
    expect(later.jaccardAtInit).toBe(pca0.find((p) => p.run === later.run)!.jaccard);
  });

  it('a watch for a name the report table does not have sends nothing and leaves the run training', async () => {
    const { got, runner, until } = harness();
    const config = { ...defaultConfig(), batchSize: 8, embedDim: 16, evalEvery: 1000 };
    await runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs: ONE });
    const before = got.length;
    await runner.handle({ type: 'watch', what: 'nonsense' as never, on: true });
    expect(got.length).toBe(before);
    await runner.handle({ type: 'step', count: 2 });
    await until((g) => statuses(g).at(-1) === 'paused');
    expect(got.some((m) => (m.type as string) === 'nonsense' || m.type === 'error')).toBe(false);
    expect(runner.trainer!.step).toBe(2);
  });

  it('step 1 first: a play right after init trains before the untrained evaluation, which an untrained twin measures exactly as the idle model does', async () => {
    const config = { ...defaultConfig(), batchSize: 8, embedDim: 16, evalEvery: 1000 };
    // paused: the step-0 evaluation is measured on the model itself, in idle time
    const idle = harness();
    await idle.runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs: ONE });
    await idle.until((g) => g.some((m) => m.type === 'eval'));
    const atRest = idle.got.find((m) => m.type === 'eval') as Extract<WorkerToUi, { type: 'eval' }>;
    // played at once (autorun): step 1 goes out first, then the twin's evaluation
    const { got, runner, until } = harness();
    await runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs: ONE });
    await runner.handle({ type: 'step', count: 3 });
    await until((g) => g.some((m) => m.type === 'eval') && statuses(g).at(-1) === 'paused');
    const firstSteps = got.findIndex((m) => m.type === 'steps');
    const firstEval = got.findIndex((m) => m.type === 'eval');
    expect(firstSteps).toBeGreaterThan(-1);
    expect(firstSteps).toBeLessThan(firstEval);
    const twin = got[firstEval] as Extract<WorkerToUi, { type: 'eval' }>;
    expect(twin).toMatchObject({ initial: true, step: 0, record: { step: 0 } });
    expect(twin.record).toEqual(atRest.record);
    expect(runner.trainer!.step).toBe(3);
  });

  // 2,000 + 1,000 images: the CNN embeds them in six chunks of 500, each longer than a step at batch 8
  const CHUNKED = { train: 2000, test: 1000, geometry: 64 };
  const stepsIn = (m: WorkerToUi) => (m.type === 'steps' ? Object.values(m.records).flat().map((r) => r.step) : []);

  it('training goes on while the untrained twin is measured: steps arrive between step 1 and the step-0 evaluation', async () => {
    const config = { ...defaultConfig(), batchSize: 8, embedDim: 16, evalEvery: 1000 };
    const { got, runner, until } = harness(CHUNKED);
    await runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs: ONE });
    await runner.handle({ type: 'play' });
    await until((g) => g.some((m) => m.type === 'eval'), 120_000);
    await runner.handle({ type: 'pause' });
    await until((g) => statuses(g).at(-1) === 'paused');
    const firstEval = got.findIndex((m) => m.type === 'eval');
    expect(got[firstEval]).toMatchObject({ initial: true, record: { step: 0 } });
    // the evaluation took turns with training: several steps went out before it did
    const before = got.slice(0, firstEval).flatMap(stepsIn);
    expect(Math.max(...before)).toBeGreaterThanOrEqual(3);
  });

  it('a reset while the untrained twin waits for its turn frees the twin: no tensor is left behind', async () => {
    const config = { ...defaultConfig(), batchSize: 8, embedDim: 16, evalEvery: 1000 };
    const { got, runner, until } = harness(CHUNKED);
    await runner.handle({ type: 'init', method: 'simclr', config, backend: 'wasm', runs: ONE });
    await until((g) => g.some((m) => m.type === 'eval'), 120_000);
    const idle = tf.memory().numTensors;
    got.length = 0;
    await runner.handle({ type: 'reset', method: 'simclr', config, runs: ONE });
    await runner.handle({ type: 'play' });
    // step 2 comes only after the twin has had a turn, and its evaluation is not out yet
    await until((g) => g.flatMap(stepsIn).some((s) => s >= 2), 120_000);
    expect(got.some((m) => m.type === 'eval')).toBe(false);
    got.length = 0;
    await runner.handle({ type: 'reset', method: 'simclr', config, runs: ONE });
    await until((g) => g.some((m) => m.type === 'eval'), 120_000);
    expect(tf.memory().numTensors).toBe(idle);
  });
});
