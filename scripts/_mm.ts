import * as tf from '@tensorflow/tfjs';
import { nodeBackend } from './node-env';
await nodeBackend('wasm');
async function time(name: string, f: () => tf.Tensor) {
  for (let i = 0; i < 2; i++) { const r = f(); await r.data(); r.dispose(); }
  const t0 = performance.now(); const n = 5;
  for (let i = 0; i < n; i++) { const r = tf.tidy(f); await r.data(); r.dispose(); }
  console.log(name.padEnd(50), ((performance.now() - t0) / n).toFixed(1), 'ms');
}
for (const [co, M, K] of [[64, 16384, 288], [128, 4096, 576], [32, 65536, 27]]) {
  const a = tf.randomNormal([co, M]); const b = tf.randomNormal([M, K]);
  const bT = tf.randomNormal([K, M]); const aT = tf.randomNormal([M, co]);
  await time(`[${co},${M}]@[${M},${K}]`, () => tf.matMul(a, b));
  await time(`[${K},${M}]@[${M},${co}]`, () => tf.matMul(bT, aT));
  for (const s of [4, 16, 64]) {
    await time(` batched ${s}`, () => tf.matMul(a.reshape([co, s, M / s]).transpose([1, 0, 2]), b.reshape([s, M / s, K])).sum(0));
  }
  await time(` batched via aT reshape 16`, () => tf.matMul(aT.reshape([16, M / 16, co]), b.reshape([16, M / 16, K]), true, false).sum(0));
}
