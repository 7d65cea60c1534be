// npm run profile -- [method] ['{"batchSize":32}']: per-kernel times of one training step on wasm in
// Node (tf.profile), summed by kernel and input shapes, slowest first; before it, the times of the
// three warm-up steps and the wasm heap they grew to. Where the step's time goes,
// for optimising. Nested kernels (a custom gradient's inner ops) are listed under their own names too.
import * as tf from '@tensorflow/tfjs';
import { METHODS, METHOD_IDS, type MethodId } from '../src/config/methods';
import { defaultConfig, validatePatch } from '../src/config/schema';
import { loadDataset } from '../src/engine/data';
import { Trainer } from '../src/engine/trainer';
import { oneOf, parseOrExit, UsageError, type Cli } from './lib/cli';
import { nodeBackend, nodeBytes } from './node-env';

const CLI: Cli = {
  command: 'npm run profile --',
  summary: 'Per-kernel times of one training step on wasm in Node, slowest first (3 warm-up steps, then one profiled).',
  positional: [
    { name: 'method', help: `${METHOD_IDS.join(', ')} (default simclr)` },
    { name: 'settings', help: 'a JSON object of schema parameters on top of the preset, e.g. \'{"batchSize":32}\'' },
  ],
  flags: [],
};
const { method, patch } = parseOrExit(CLI, process.argv.slice(2), ({ positional: [m = 'simclr', json = '{}'] }) => {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new UsageError(`settings must be a JSON object, got ${json}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`settings must be a JSON object, got ${json}`);
  return { method: oneOf('method', m, METHOD_IDS.filter((id) => METHODS[id].available)) as MethodId, patch: raw as Record<string, unknown> };
});
await nodeBackend('wasm');
const base = { ...defaultConfig(), ...METHODS[method].preset };
const checked = validatePatch(patch, base);
for (const n of checked.notices) console.error(`notice: ${n.message}`);
const cfg = { ...base, ...checked.patch };
const tr = new Trainer(method, cfg, await loadDataset(cfg, nodeBytes));
// the warm-up steps timed too: a first step pays for a cold engine and for fresh memory
const warm: number[] = [];
for (let i = 0; i < 3; i++) warm.push((await tr.trainStep()).ms);
// wasm's heap never shrinks: its size now is the most memory these steps held at once
const heap = (tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } }).wasm?.HEAPU8.length ?? 0;
const prof = await tf.profile(async () => {
  await tr.trainStep();
});
const agg = new Map<string, { ms: number; n: number }>();
for (const k of prof.kernels) {
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
  const a = agg.get(key) ?? { ms: 0, n: 0 };
  a.ms += Number(k.kernelTimeMs);
  a.n++;
  agg.set(key, a);
}
console.log(`${method}: steps 1–3 took ${warm.map((m) => m.toFixed(0)).join(', ')} ms; wasm heap after them ${(heap / 1e6).toFixed(0)} MB`);
console.log(`${method}: kernel time ${[...agg.values()].reduce((a, b) => a + b.ms, 0).toFixed(0)} ms (nested kernels counted twice)`);
for (const [k, v] of [...agg.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.log(v.ms.toFixed(1).padStart(7), String(v.n).padStart(3), k.slice(0, 120));
tr.dispose();
