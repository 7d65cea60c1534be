// One benchmark in a fresh worker: a method's training step and the backend's matmul peak.
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../engine/backend';
import { loadDataset } from '../engine/data';
import { getMethod } from '../engine/methods';
import { flopsPerStep } from '../engine/methods/types';
import { Trainer } from '../engine/trainer';
import { fetchBytes, WASM_PATHS } from '../worker/assets';
import { matmulGflops } from './matmul';
import type { BenchRequest, BenchResult } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (e: MessageEvent<BenchRequest>) => {
  const { backend, method: methodId, config, warmup, steps, threads } = e.data;
  const method = getMethod(methodId);
  const flops = flopsPerStep(method, config);
  try {
    const info = await initBackend(backend, { wasmPaths: WASM_PATHS, threads });
    const data = await loadDataset(config, fetchBytes);
    const tr = new Trainer(methodId, config, data);
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
    const gflops = flops / (median * 1e6);
    const mm = await matmulGflops(2048, 3); // pure-JS cpu takes ~40 s per run
    const result: BenchResult = {
      backend, method: methodId, software: info.software, adapter: info.adapter, batchSize: config.batchSize, threads: info.threads, stepMs, stepMsMedian: median,
      flopsPerStep: flops, gflops, matmulGflops: mm, fractionOfMatmul: gflops / mm, numTensorsBefore, numTensorsAfter,
    };
    scope.postMessage({ type: 'result', result });
  } catch (err) {
    scope.postMessage({ type: 'result', result: { backend, method: methodId, error: String((err as Error)?.message ?? err) } });
  }
};
