// Optimisers and the learning-rate schedule. The schedule is a pure function of the step, so
// the chart of it and the trainer can never disagree.
import * as tf from '@tensorflow/tfjs';
import { fusedUpdates, groupedUpdate } from './nn/webgpu-updates';

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
  // on WebGPU: [m | v] in one tensor, updated with the weights in one dispatch per two parameters
  const mv = new Map<tf.Variable, tf.Variable>();
  const packed = (w: tf.Variable) => {
    if (!mv.has(w)) mv.set(w, tf.tidy(() => tf.variable(tf.zeros([2 * w.size]), false)));
    return mv.get(w)!;
  };
  return {
    apply(vars, grads, lr, wd) {
      t += 1;
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      let rest = vars.map((w, i) => ({ w, g: grads[i] }));
      if (fusedUpdates()) {
        // a parameter that once had packed moments keeps them (those moments are its state)
        const items = rest.filter(({ w }) => !m.has(w)).map(({ w, g }) => ({ writes: [w, packed(w)], reads: [g] }));
        const left = new Set(groupedUpdate('adam', items, { b1: 0.9, nb1: 0.1, b2: 0.999, nb2: 0.001, lr, decay: 1 - lr * wd, c1, c2, eps: 1e-8 }).map((it) => it.writes[0]));
        tf.tidy(() => {
          for (const w of left) {
            // w shares its buffer (a fresh clone's source): the same update, composed on the packed moments
            const p = mv.get(w as tf.Variable)!;
            const g = grads[vars.indexOf(w as tf.Variable)];
            const [mi, vi] = tf.split(p, 2).map((x) => tf.reshape(x, w.shape));
            const m1 = tf.add(tf.mul(mi, 0.9), tf.mul(g, 0.1));
            const v1 = tf.add(tf.mul(vi, 0.999), tf.mul(tf.square(g), 0.001));
            p.assign(tf.concat([tf.reshape(m1, [-1]), tf.reshape(v1, [-1])]));
            const update = tf.div(tf.div(m1, c1), tf.add(tf.sqrt(tf.div(v1, c2)), 1e-8));
            (w as tf.Variable).assign(tf.sub(tf.mul(w, 1 - lr * wd), tf.mul(update, lr)));
          }
        });
        rest = rest.filter(({ w }) => m.has(w));
      }
      tf.tidy(() => {
        rest.forEach(({ w, g }) => {
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
      vars.forEach((w) => buf.has(w) || buf.set(w, zeroVar(w)));
      const items = vars.map((w, i) => ({ writes: [w, buf.get(w)!], reads: [grads[i]] }));
      const left = groupedUpdate('sgd', items, { mu: 0.9, lr, decay: 1 - lr * wd });
      tf.tidy(() => {
        left.forEach(({ writes: [w, b], reads: [g] }) => {
          (b as tf.Variable).assign(tf.add(tf.mul(b, 0.9), g));
          (w as tf.Variable).assign(tf.sub(tf.mul(w, 1 - lr * wd), tf.mul(b, lr)));
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
