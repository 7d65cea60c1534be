import * as tf from '@tensorflow/tfjs';
import { nodeBackend, nodeBytes } from '../scripts/node-env';
import { loadDataset } from '../src/engine/data';
import { Trainer, FULL_EVAL } from '../src/engine/trainer';
import { defaultConfig } from '../src/config/schema';
const info = await nodeBackend('wasm'); console.log(info);
const cfg = { ...defaultConfig(), ...JSON.parse(process.argv[2] || '{}') };
const ds = await loadDataset(cfg, nodeBytes);
const tr = new Trainer('simclr', cfg, ds);
let t0 = performance.now(); const e0 = await tr.evaluate(FULL_EVAL); console.log('eval0', e0, (performance.now()-t0).toFixed(0));
const N = Number(process.argv[3] || 20);
for (let i = 0; i < N; i++) { const r = await tr.trainStep(); if (i % 10 === 0 || i < 5) console.log(r.step, r.loss.toFixed(4), r.ms.toFixed(0), 'tensors', tf.memory().numTensors); }
t0 = performance.now(); const e1 = await tr.evaluate(FULL_EVAL); console.log('eval1', e1, (performance.now()-t0).toFixed(0));
