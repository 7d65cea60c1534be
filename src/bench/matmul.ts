// The backend's dense linear-algebra rate: the yardstick a training step's GFLOP/s is judged by.
import * as tf from '@tensorflow/tfjs';

/** Median GFLOP/s of an n×n by n×n matMul on the active backend (after one warm-up run). */
export async function matmulGflops(n = 2048, runs = 5): Promise<number> {
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
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  times.sort((x, y) => x - y);
  tf.dispose([a, b]);
  return (2 * n ** 3) / (times[Math.floor(runs / 2)] * 1e6);
}
