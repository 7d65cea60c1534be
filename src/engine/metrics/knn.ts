// Weighted k-nearest-neighbour classifier on cosine similarity, as DINO's eval_knn: each of the
// k nearest training features votes for its label with weight exp(sim / T).
import * as tf from '@tensorflow/tfjs';

export interface KnnOptions {
  k: number;
  T: number;
  numClasses: number;
}
export const KNN_DEFAULTS: KnnOptions = { k: 20, T: 0.07, numClasses: 10 };

/**
 * trainF [n, d] and testF [m, d] must be ℓ2-normalised. Returns the predicted label of each
 * test row. Works in chunks so a 2000 × 8000 similarity matrix never exists at once.
 */
export async function knnPredict(trainF: tf.Tensor2D, trainY: Uint8Array | number[], testF: tf.Tensor2D, opt: KnnOptions): Promise<Int32Array> {
  const m = testF.shape[0];
  const k = Math.min(opt.k, trainF.shape[0]);
  const pred = new Int32Array(m);
  const trainT = tf.transpose(trainF);
  const chunk = 256;
  for (let start = 0; start < m; start += chunk) {
    const rows = Math.min(chunk, m - start);
    const { values, indices } = tf.tidy(() => tf.topk(tf.matMul(tf.slice(testF, [start, 0], [rows, -1]), trainT), k, true));
    const [vals, idx] = await Promise.all([values.data(), indices.data()]);
    values.dispose();
    indices.dispose();
    const votes = new Float64Array(opt.numClasses);
    for (let r = 0; r < rows; r++) {
      votes.fill(0);
      for (let j = 0; j < k; j++) votes[trainY[idx[r * k + j]]] += Math.exp(vals[r * k + j] / opt.T);
      let best = 0;
      for (let c = 1; c < opt.numClasses; c++) if (votes[c] > votes[best]) best = c;
      pred[start + r] = best;
    }
  }
  trainT.dispose();
  return pred;
}

export function accuracy(pred: ArrayLike<number>, labels: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) hit++;
  return hit / pred.length;
}
