// A short WebGPU check on real hardware, run on a lent GPU machine (see scripts/device/README.md).
// Node + Dawn (the `webgpu` npm package: the WebGPU implementation inside Chromium) gives tfjs's
// WebGPU backend a real adapter. Measures the SimCLR step, matmul throughput, tensor counts, and a
// full default-preset run with held-out kNN.
import './setup-webgpu';
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/engine/backend';
import { loadDataset } from '../../src/engine/data';
import { getMethod } from '../../src/engine/methods';
import { flopsPerStep } from '../../src/engine/methods/types';
import { evaluate, FULL_EVAL } from '../../src/engine/reports/evaluation';
import { Trainer } from '../../src/engine/trainer';
import { presetConfig } from '../../src/config/url';
import { matmulGflops } from '../../src/bench/matmul';

const dir = process.argv[2] ?? '.';
// 'simclr' (default): the SimCLR check below; 'methods': every method's preset step, then the
// ViT methods' default runs end to end; 'steps': every method's preset step only, on the backend
// named next ('webgpu' or 'wasm', whose .wasm files lie in dir)
const mode = process.argv[3] ?? 'simclr';
const backendName = (process.argv[4] ?? 'webgpu') as 'webgpu' | 'wasm';

const info = await initBackend(backendName, backendName === 'wasm' ? { wasmPaths: `${dir}/` } : {});
console.log('backend', JSON.stringify(info));
/** `warm` untimed steps, then `n` timed ones: sorted step times and the tensor count around them. */
async function timeSteps(tr: Trainer, warm: number, n: number) {
  for (let i = 0; i < warm; i++) await tr.trainStep();
  const before = tf.memory().numTensors;
  const ms: number[] = [];
  for (let i = 0; i < n; i++) ms.push((await tr.trainStep()).ms);
  const after = tf.memory().numTensors;
  return { ms: ms.sort((a, b) => a - b), before, after };
}

/** A preset's whole step budget, with held-out kNN before and after. */
async function fullRun(tr: Trainer, steps: number) {
  const e0 = await evaluate(tr, FULL_EVAL);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await tr.trainStep();
  const trainS = (performance.now() - t0) / 1000;
  return { trainS, e0, e1: await evaluate(tr, FULL_EVAL) };
}

const bytes = async (f: string) => new Uint8Array(await readFile(`${dir}/${f === 'mnist-images' ? 't10k-images-idx3-ubyte' : 't10k-labels-idx1-ubyte'}`));

if (mode === 'methods' || mode === 'steps') {
  const rows: Record<string, unknown>[] = [];
  for (const id of ['simclr', 'moco', 'byol', 'simsiam', 'dino', 'ibot', 'dinov2'] as const) {
    const config = presetConfig(id, null);
    const tr = new Trainer(id, config, await loadDataset(config, bytes as never));
    const { ms, before, after } = await timeSteps(tr, 3, 10);
    tr.dispose();
    const flops = flopsPerStep(getMethod(id), config);
    const row = { method: id, backend: backendName, batchSize: config.batchSize, backbone: config.backbone, stepMsMedian: ms[5], gflopPerStep: flops / 1e9, gflops: flops / (ms[5] * 1e6), numTensorsBefore: before, numTensorsAfter: after };
    console.log('method', JSON.stringify(row));
    rows.push(row);
  }
  for (const id of mode === 'methods' ? (['ibot', 'dinov2'] as const) : []) {
    const config = presetConfig(id, null);
    const tr = new Trainer(id, config, await loadDataset(config, bytes as never));
    const { trainS, e0, e1 } = await fullRun(tr, config.steps);
    tr.dispose();
    console.log('run', JSON.stringify({ method: id, steps: config.steps, trainS, knnRandomInit: e0.knn, knn: e1.knn, rankme: e1.rankme }));
  }
  console.log('RESULT', JSON.stringify({ info, rows }));
  process.exit(0);
}

const results: Record<string, unknown>[] = [];
for (const batchSize of [128, 512]) {
  const config = { ...presetConfig('simclr', null), batchSize };
  const data = await loadDataset(config, bytes as never);
  const tr = new Trainer('simclr', config, data);
  const { ms, before, after } = await timeSteps(tr, 5, 20);
  tr.dispose();
  const flops = flopsPerStep(getMethod('simclr'), config);
  const row = { batchSize, stepMsMedian: ms[10], stepMsMin: ms[0], gflops: flops / (ms[10] * 1e6), numTensorsBefore: before, numTensorsAfter: after };
  console.log('step', JSON.stringify(row));
  results.push(row);
}
const mm = await matmulGflops(2048);
console.log('matmul2048 GFLOP/s', mm.toFixed(0));

// the default preset end to end: 300 steps, held-out kNN before and after
const config = presetConfig('simclr', null);
const tr = new Trainer('simclr', config, await loadDataset(config, bytes as never));
const { trainS, e0, e1 } = await fullRun(tr, config.steps);
console.log('run', JSON.stringify({ steps: config.steps, trainS, knnRandomInit: e0.knn, knn: e1.knn, alignment: e1.alignment, uniformity: e1.uniformity, std: e1.std, rankme: e1.rankme }));
console.log('RESULT', JSON.stringify({ info, results, matmul2048: mm, run: { trainS, knnRandomInit: e0.knn, knn: e1.knn } }));
