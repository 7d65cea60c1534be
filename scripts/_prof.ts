import * as tf from '@tensorflow/tfjs';
import { nodeBackend, nodeBytes } from './node-env';
import { loadDataset } from '../src/engine/data';
import { Trainer } from '../src/engine/trainer';
import { defaultConfig } from '../src/config/schema';
await nodeBackend('wasm');
const cfg = { ...defaultConfig(), ...(await import('../src/config/methods')).METHODS[(process.argv[2] ?? 'simclr') as 'simclr'].preset };
const tr = new Trainer((process.argv[2] ?? 'simclr') as any, cfg, await loadDataset(cfg, nodeBytes));
for (let i = 0; i < 3; i++) await tr.trainStep();
const prof = await tf.profile(async () => { await tr.trainStep(); });
const agg = new Map<string, { ms: number; n: number }>();
for (const k of prof.kernels) { const key = k.name + ' ' + JSON.stringify(k.inputShapes); const a = agg.get(key) ?? { ms: 0, n: 0 }; a.ms += Number(k.kernelTimeMs); a.n++; agg.set(key, a); }
const tot = [...agg.values()].reduce((a, b) => a + b.ms, 0);
console.log('total kernel ms', tot.toFixed(0));
for (const [k, v] of [...agg.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.log(v.ms.toFixed(1).padStart(7), String(v.n).padStart(3), k.slice(0, 120));
