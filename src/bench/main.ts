// The benchmark page: one fresh worker per backend, long tasks on this (main) thread counted
// while each trains. Results land in window.__bench for scripts/bench.ts to read.
import { METHODS } from '../config/methods';
import { defaultConfig } from '../config/schema';
import type { BackendName } from '../engine/backend';
import type { BenchResult } from './protocol';

const q = new URLSearchParams(location.search);
const backends = (q.get('backends') ?? 'wasm,webgl,webgpu,cpu').split(',') as BackendName[];
const batchSize = Number(q.get('batch') ?? 128);
const steps = Number(q.get('steps') ?? 10);
const warmup = Number(q.get('warmup') ?? 3);
const out = document.getElementById('out')!;

let training = false;
let longTasks = 0;
let longestTask = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (!training) continue;
    longTasks++;
    longestTask = Math.max(longestTask, e.duration);
  }
}).observe({ type: 'longtask', buffered: false });

type Row = BenchResult & { longTasks: number; longestTaskMs: number };
const rows: Row[] = [];
(window as unknown as { __bench: unknown }).__bench = { done: false, rows };

for (const backend of backends) {
  out.textContent = `running ${backend}…\n` + JSON.stringify(rows, null, 1);
  longTasks = 0;
  longestTask = 0;
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  const result = await new Promise<BenchResult>((resolve) => {
    worker.onmessage = (e) => {
      if (e.data.type === 'training') training = e.data.on;
      else resolve(e.data.result);
    };
    worker.onerror = (e) => resolve({ backend, error: e.message } as BenchResult);
    worker.postMessage({ backend, config: { ...defaultConfig(), ...METHODS.simclr.preset, batchSize }, warmup, steps });
  });
  training = false;
  worker.terminate(); // frees the backend's GPU resources before the next one
  rows.push({ ...result, longTasks, longestTaskMs: longestTask });
}
out.textContent = JSON.stringify(rows, null, 1);
(window as unknown as { __bench: unknown }).__bench = { done: true, rows };
