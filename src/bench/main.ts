// The benchmark page: one fresh worker per backend, long tasks on this (main) thread counted
// while each trains. Results land in window.__bench for scripts/bench.ts to read.
import { METHODS, METHOD_IDS, type MethodId } from '../config/methods';
import { defaultConfig } from '../config/schema';
import type { BackendName } from '../engine/backend';
import type { BenchResult } from './protocol';

const q = new URLSearchParams(location.search);
const backends = (q.get('backends') ?? 'wasm,webgl,webgpu,cpu').split(',') as BackendName[];
// every method on the first backend; the slow (software) backends run SimCLR only unless asked
const allMethods = METHOD_IDS.filter((m) => METHODS[m].available);
const methodsFor = (i: number): MethodId[] => (q.get('methods')?.split(',') as MethodId[] | undefined) ?? (i === 0 ? allMethods : ['simclr']);
// each method's preset batch unless ?batch= says otherwise
const batchSize = q.get('batch') ? Number(q.get('batch')) : undefined;
const steps = Number(q.get('steps') ?? 10);
const warmup = Number(q.get('warmup') ?? 3);
// wasm once per thread count asked for (default: one per core); the other backends once
const threadCounts = (q.get('threads') ?? String(navigator.hardwareConcurrency || 1)).split(',').map(Number);
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

type Row = BenchResult & { longTasks: number; longestTaskMs: number; batch: number };
const rows: Row[] = [];
(window as unknown as { __bench: unknown }).__bench = { done: false, rows };

for (const [bi, backend] of backends.entries()) for (const method of methodsFor(bi)) for (const threads of backend === 'wasm' ? threadCounts : [1]) {
  out.textContent = `running ${method} on ${backend}${backend === 'wasm' ? ` ×${threads}` : ''}…\n` + JSON.stringify(rows, null, 1);
  longTasks = 0;
  longestTask = 0;
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  const result = await new Promise<BenchResult>((resolve) => {
    worker.onmessage = (e) => {
      if (e.data.type === 'training') training = e.data.on;
      else resolve(e.data.result);
    };
    worker.onerror = (e) => resolve({ backend, method, error: e.message } as BenchResult);
    worker.postMessage({ backend, method, config: { ...defaultConfig(), ...METHODS[method].preset, ...(batchSize ? { batchSize } : {}) }, warmup, steps, threads });
  });
  training = false;
  worker.terminate(); // frees the backend's GPU resources before the next one
  rows.push({ ...result, longTasks, longestTaskMs: longestTask, batch: batchSize ?? { ...defaultConfig(), ...METHODS[method].preset }.batchSize });
}
out.textContent = JSON.stringify(rows, null, 1);
(window as unknown as { __bench: unknown }).__bench = { done: true, rows };
