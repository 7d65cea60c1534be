// One benchmark in a fresh worker: a method's training step and the backend's matmul peak.
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../engine/backend';
import { loadDataset } from '../engine/data';
import { getMethod } from '../engine/methods';
import { Trainer } from '../engine/trainer';
import { fetchBytes, WASM_PATHS } from '../worker/assets';
import type { BenchRequest, BenchResult } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** 2048² matmul GFLOP/s: the best this backend does on dense linear algebra. */
async function matmulGflops(): Promise<number> {
  const n = 2048;
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const once = async () => {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    return performance.now() - t0;
  };
  await once();
  const times = [await once(), await once(), await once()].sort((x, y) => x - y);
  tf.dispose([a, b]);
  return (2 * n ** 3) / (times[1] * 1e6);
}

scope.onmessage = async (e: MessageEvent<BenchRequest>) => {
  const { backend, config, warmup, steps } = e.data;
  const method = getMethod('simclr');
  const flopsPerStep = 3 * 2 * method.macsPerStep(config); // forward + backward ≈ 3 × forward
  try {
    const info = await initBackend(backend, { wasmPaths: WASM_PATHS });
    const data = await loadDataset(config, fetchBytes);
    const tr = new Trainer('simclr', config, data);
    for (let i = 0; i < warmup; i++) await tr.trainStep();
    const numTensorsBefore = tf.memory().numTensors;
    scope.postMessage({ type: 'training', on: true });
    const stepMs: number[] = [];
    for (let i = 0; i < steps; i++) stepMs.push((await tr.trainStep()).ms);
    scope.postMessage({ type: 'training', on: false });
    const numTensorsAfter = tf.memory().numTensors;
    tr.dispose();
    const sorted = [...stepMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const gflops = flopsPerStep / (median * 1e6);
    const mm = await matmulGflops();
    const result: BenchResult = {
      backend, software: info.software, adapter: info.adapter, batchSize: config.batchSize, stepMs, stepMsMedian: median,
      flopsPerStep, gflops, matmulGflops: mm, fractionOfMatmul: gflops / mm, numTensorsBefore, numTensorsAfter,
    };
    scope.postMessage({ type: 'result', result });
  } catch (err) {
    scope.postMessage({ type: 'result', result: { backend, error: String((err as Error)?.message ?? err) } });
  }
};
