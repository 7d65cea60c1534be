// Optimisers and the learning-rate schedule. The schedule is a pure function of the step, so
// the chart of it and the trainer can never disagree.
import * as tf from '@tensorflow/tfjs';
import { fusedUpdates, updateInPlace } from './nn/webgpu-updates';

/** Linear warm-up to `peak`, then cosine decay to 0 at `total` steps; 0 beyond the budget. */
export function learningRateAt(step: number, peak: number, warmup: number, total: number): number {
  if (step < warmup) return (peak * (step + 1)) / warmup;
  if (step >= total) return 0;
  const t = (step - warmup) / Math.max(1, total - warmup);
  return peak * 0.5 * (1 + Math.cos(Math.PI * t));
}

// tf.variable keeps its initial tensor alive unless that tensor is disposed: build it in a tidy
const zeroVar = (w: tf.Variable) => tf.tidy(() => tf.variable(tf.zerosLike(w), false));

export interface Optimizer {
  /** Update `vars` in place from `grads` (same order). */
  apply(vars: tf.Variable[], grads: tf.Tensor[], lr: number, weightDecay: number): void;
  /** number of tensors it holds (its moment estimates). */
  dispose(): void;
}

/** AdamW (decoupled weight decay), β = (0.9, 0.999), ε = 1e-8. */
export function adamW(): Optimizer {
  let t = 0;
  const m = new Map<tf.Variable, tf.Variable>();
  const v = new Map<tf.Variable, tf.Variable>();
  // on WebGPU: [m | v] in one tensor, two in-place dispatches per parameter (nn/webgpu-kernels.ts)
  const mv = new Map<tf.Variable, tf.Variable>();
  const fused = (w: tf.Variable, g: tf.Tensor, lr: number, wd: number, c1: number, c2: number): boolean => {
    if (!mv.has(w)) mv.set(w, tf.tidy(() => tf.variable(tf.zeros([2 * w.size]), false)));
    const packed = mv.get(w)!;
    if (!updateInPlace('adamMoments', packed, g, [0.9, 0.999])) return false;
    if (updateInPlace('adamWeights', w, packed, [lr, 1 - lr * wd, c1, c2, 1e-8])) return true;
    // w shares its buffer (a fresh clone's source): the same update, composed from the new moments
    tf.tidy(() => {
      const [mi, vi] = tf.split(packed, 2).map((x) => tf.reshape(x, w.shape));
      const update = tf.div(tf.div(mi, c1), tf.add(tf.sqrt(tf.div(vi, c2)), 1e-8));
      w.assign(tf.sub(tf.mul(w, 1 - lr * wd), tf.mul(update, lr)));
    });
    return true;
  };
  return {
    apply(vars, grads, lr, wd) {
      t += 1;
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      const onGpu = fusedUpdates();
      tf.tidy(() => {
        vars.forEach((w, i) => {
          const g = grads[i];
          if (onGpu && fused(w, g, lr, wd, c1, c2)) return;
          if (!m.has(w)) {
            m.set(w, zeroVar(w));
            v.set(w, zeroVar(w));
          }
          const mi = m.get(w)!;
          const vi = v.get(w)!;
          mi.assign(tf.add(tf.mul(mi, 0.9), tf.mul(g, 0.1)));
          vi.assign(tf.add(tf.mul(vi, 0.999), tf.mul(tf.square(g), 0.001)));
          const update = tf.div(tf.div(mi, c1), tf.add(tf.sqrt(tf.div(vi, c2)), 1e-8));
          w.assign(tf.sub(tf.mul(w, 1 - lr * wd), tf.mul(update, lr)));
        });
      });
    },
    dispose() {
      [...m.values(), ...v.values(), ...mv.values()].forEach((x) => x.dispose());
      m.clear();
      v.clear();
      mv.clear();
    },
  };
}

/** SGD with momentum 0.9 (PyTorch form) and decoupled weight decay. */
export function sgdMomentum(): Optimizer {
  const buf = new Map<tf.Variable, tf.Variable>();
  return {
    apply(vars, grads, lr, wd) {
      tf.tidy(() => {
        vars.forEach((w, i) => {
          if (!buf.has(w)) buf.set(w, zeroVar(w));
          const b = buf.get(w)!;
          if (updateInPlace('sgdBuffer', b, grads[i], [0.9])) {
            if (!updateInPlace('sgdWeights', w, b, [lr, 1 - lr * wd])) w.assign(tf.sub(tf.mul(w, 1 - lr * wd), tf.mul(b, lr)));
            return;
          }
          b.assign(tf.add(tf.mul(b, 0.9), grads[i]));
          w.assign(tf.sub(tf.mul(w, 1 - lr * wd), tf.mul(b, lr)));
        });
      });
    },
    dispose() {
      buf.forEach((x) => x.dispose());
      buf.clear();
    },
  };
}

export const createOptimizer = (kind: 'adam' | 'sgd'): Optimizer => (kind === 'sgd' ? sgdMomentum() : adamW());
