// A linear probe: multinomial logistic regression on frozen features, the SimCLR paper's linear
// evaluation at our scale. Features are standardised with the training split's statistics, then
// fitted by full-batch Adam with a little L2, a fixed number of steps (deterministic: zero init).
// The gradient is written out rather than taped: no optimiser state to leak, and it runs anywhere.
import * as tf from '@tensorflow/tfjs';

export interface ProbeOptions {
  numClasses: number;
  steps: number;
  lr: number;
  weightDecay: number;
}
export const PROBE_DEFAULTS: Omit<ProbeOptions, 'numClasses'> = { steps: 150, lr: 0.05, weightDecay: 1e-4 };

/** Fit on (trainX [n, d], trainY) and return the accuracy on (testX [m, d], testY). */
export async function linearProbe(trainX: Float32Array, trainY: ArrayLike<number>, testX: Float32Array, testY: ArrayLike<number>, d: number, opt: ProbeOptions): Promise<number> {
  const n = trainY.length;
  const m = testY.length;
  const mean = new Float32Array(d);
  const std = new Float32Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += trainX[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (trainX[i * d + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) + 1e-6;
  const standardise = (x: Float32Array, rows: number) => {
    const out = new Float32Array(rows * d);
    for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) out[i * d + j] = (x[i * d + j] - mean[j]) / std[j];
    return out;
  };
  const X = tf.tensor2d(standardise(trainX, n), [n, d]);
  const Y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(trainY), 'int32'), opt.numClasses).toFloat());
  // the cross-entropy's gradient in closed form (Xᵀ(P − Y)/n + 2λW), with Adam's moments by hand
  let W: tf.Tensor = tf.zeros([d, opt.numClasses]);
  let b: tf.Tensor = tf.zeros([opt.numClasses]);
  let mW: tf.Tensor = tf.zerosLike(W);
  let vW: tf.Tensor = tf.zerosLike(W);
  let mb: tf.Tensor = tf.zerosLike(b);
  let vb: tf.Tensor = tf.zerosLike(b);
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  for (let s = 1; s <= opt.steps; s++) {
    const next = tf.tidy(() => {
      const r = tf.sub(tf.softmax(tf.add(tf.matMul(X, W), b)), Y);
      const gW = tf.add(tf.div(tf.matMul(X, r, true, false), n), tf.mul(W, 2 * opt.weightDecay));
      const gb = tf.mean(r, 0);
      const m1 = tf.add(tf.mul(mW, b1), tf.mul(gW, 1 - b1));
      const v1 = tf.add(tf.mul(vW, b2), tf.mul(tf.square(gW), 1 - b2));
      const m2 = tf.add(tf.mul(mb, b1), tf.mul(gb, 1 - b1));
      const v2 = tf.add(tf.mul(vb, b2), tf.mul(tf.square(gb), 1 - b2));
      const step = (m: tf.Tensor, v: tf.Tensor) => tf.mul(tf.div(tf.div(m, 1 - b1 ** s), tf.add(tf.sqrt(tf.div(v, 1 - b2 ** s)), eps)), opt.lr);
      return [tf.sub(W, step(m1, v1)), tf.sub(b, step(m2, v2)), m1, v1, m2, v2];
    });
    tf.dispose([W, b, mW, vW, mb, vb]);
    [W, b, mW, vW, mb, vb] = next;
  }
  const pred = tf.tidy(() => tf.argMax(tf.add(tf.matMul(tf.tensor2d(standardise(testX, m), [m, d]), W), b), 1));
  const p = await pred.data();
  tf.dispose([pred, X, Y, W, b, mW, vW, mb, vb]);
  let hit = 0;
  for (let i = 0; i < m; i++) if (p[i] === testY[i]) hit++;
  return hit / m;
}

/** Each image of `pixels` ([n, 32, 32, c], HWC bytes) turned by k·90° anticlockwise, k per image. */
export function rotate90(pixels: Uint8Array, n: number, c: number, k: ArrayLike<number>, size = 32): Uint8Array {
  const out = new Uint8Array(pixels.length);
  const per = size * size * c;
  for (let i = 0; i < n; i++) {
    const turns = ((k[i] % 4) + 4) % 4;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        // where the pixel at (x, y) lands after `turns` quarter turns anticlockwise
        let [u, v] = [x, y];
        for (let t = 0; t < turns; t++) [u, v] = [v, size - 1 - u];
        for (let ch = 0; ch < c; ch++) out[i * per + (v * size + u) * c + ch] = pixels[i * per + (y * size + x) * c + ch];
      }
    }
  }
  return out;
}
