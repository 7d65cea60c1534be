// npm run profile -- [method]: per-kernel times of one training step on wasm in Node (tf.profile),
// summed by kernel and input shapes, slowest first. Where the step's time goes, for optimising.
// Nested kernels (a custom gradient's inner ops) are listed under their own names too.
import * as tf from '@tensorflow/tfjs';
import { METHODS, type MethodId } from '../src/config/methods';
import { defaultConfig } from '../src/config/schema';
import { loadDataset } from '../src/engine/data';
import { Trainer } from '../src/engine/trainer';
import { nodeBackend, nodeBytes } from './node-env';

const method = (process.argv[2] ?? 'simclr') as MethodId;
await nodeBackend('wasm');
const cfg = { ...defaultConfig(), ...METHODS[method].preset, ...JSON.parse(process.argv[3] ?? '{}') };
const tr = new Trainer(method, cfg, await loadDataset(cfg, nodeBytes));
for (let i = 0; i < 3; i++) await tr.trainStep();
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
console.log(`${method}: kernel time ${[...agg.values()].reduce((a, b) => a + b.ms, 0).toFixed(0)} ms (nested kernels counted twice)`);
for (const [k, v] of [...agg.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.log(v.ms.toFixed(1).padStart(7), String(v.n).padStart(3), k.slice(0, 120));
tr.dispose();
