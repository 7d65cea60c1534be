// Parameters and the few layers the lab's small networks need. Initialisation draws from our
// seeded RNG (not tfjs's), so the same seed gives the same weights on every backend.
import * as tf from '@tensorflow/tfjs';
import { normal, uniform, type Rng } from '../rng';
import { batchNormTrainFused, denseFused } from './fused';
import { onWebgpu } from './webgpu-program';
import { mm } from './ops';

export type Vars = Record<string, tf.Variable>;

// tfjs needs globally unique variable names, and several models may live at once (sweeps, tests)
let serial = 0;
const unique = (name: string) => `${name}#${++serial}`;

export function heNormal(rng: Rng, shape: number[], fanIn: number, name: string): tf.Variable {
  const n = shape.reduce((a, b) => a * b, 1);
  const std = Math.sqrt(2 / fanIn);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = normal(rng) * std;
  return tf.tidy(() => tf.variable(tf.tensor(v, shape), true, unique(name))); // tidy frees the initial value
}

/** PyTorch's nn.Linear default: U(−1/√fanIn, 1/√fanIn). */
export function linearInit(rng: Rng, shape: number[], fanIn: number, name: string): tf.Variable {
  const n = shape.reduce((a, b) => a * b, 1);
  const b = 1 / Math.sqrt(fanIn);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = uniform(rng, -b, b);
  return tf.tidy(() => tf.variable(tf.tensor(v, shape), true, unique(name))); // tidy frees the initial value
}

export const constVar = (value: number, shape: number[], name: string, trainable = true) =>
  tf.tidy(() => tf.variable(tf.fill(shape, value), trainable, unique(name)));

export interface Dense {
  w: tf.Variable;
  b?: tf.Variable;
}
/** A normal draw truncated to ±2σ, as timm's trunc_normal_. */
export function truncNormal(rng: Rng, shape: number[], std: number, name: string): tf.Variable {
  const v = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.max(-2, Math.min(2, normal(rng))) * std);
  return tf.tidy(() => tf.variable(tf.tensor(v, shape), true, unique(name)));
}

/**
 * init 'torch': nn.Linear's default. 'vit': timm/DINO's _init_weights — weights trunc-normal σ 0.02,
 * biases 0. It matters for DINO: with the default's random biases, the head's output direction is
 * nearly the same for every image at step 0, the centred teacher is uniform, and training collapses.
 */
export function dense(rng: Rng, nIn: number, nOut: number, name: string, bias = true, init: 'torch' | 'vit' = 'torch'): Dense {
  if (init === 'vit') return { w: truncNormal(rng, [nIn, nOut], 0.02, `${name}.w`), b: bias ? constVar(0, [nOut], `${name}.b`) : undefined };
  return {
    w: linearInit(rng, [nIn, nOut], nIn, `${name}.w`),
    b: bias ? linearInit(rng, [nOut], nIn, `${name}.b`) : undefined,
  };
}
export function denseForward(l: Dense, x: tf.Tensor2D): tf.Tensor2D {
  if (l.b && onWebgpu()) return denseFused(x, l.w as tf.Tensor2D, l.b as tf.Tensor1D);
  const y = mm(x, l.w as tf.Tensor2D);
  return l.b ? tf.add(y, l.b) : y;
}

/**
 * BatchNorm (PyTorch semantics: momentum 0.1 for running statistics, unbiased running variance).
 * Training uses batch statistics and updates the running ones; evaluation uses the running ones.
 */
export interface BatchNorm {
  gamma: tf.Variable;
  beta: tf.Variable;
  mean: tf.Variable;
  variance: tf.Variable;
}
export function batchNorm(channels: number, name: string): BatchNorm {
  return {
    gamma: constVar(1, [channels], `${name}.gamma`),
    beta: constVar(0, [channels], `${name}.beta`),
    mean: constVar(0, [channels], `${name}.mean`, false),
    variance: constVar(1, [channels], `${name}.var`, false),
  };
}
export function batchNormForward(bn: BatchNorm, x: tf.Tensor, training: boolean, eps = 1e-5): tf.Tensor {
  const c = x.shape[x.shape.length - 1];
  if (!training) {
    const scale = tf.mul(bn.gamma, tf.rsqrt(tf.add(bn.variance, eps)));
    return tf.add(tf.mul(x, scale), tf.sub(bn.beta, tf.mul(bn.mean, scale)));
  }
  const m = x.size / c;
  const shape = x.shape;
  const fused = batchNormTrainFused(x.reshape([m, c]), bn.gamma, bn.beta, bn.mean, bn.variance, eps);
  if (fused) return fused.reshape(shape);
  // Batch statistics and the whole backward pass as reductions by matMul with a row of ones:
  // tfjs reduces over leading axes by transposing first, which on wasm costs more than the conv.
  const f = tf.customGrad(((x2: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, save: tf.GradSaveFunc) => {
    const ones = tf.ones([1, m]) as tf.Tensor2D;
    const mean = tf.div(tf.matMul(ones, x2 as tf.Tensor2D), m) as tf.Tensor2D; // [1, C]
    const centred = tf.sub(x2, mean);
    const variance = tf.div(tf.matMul(ones, tf.square(centred) as tf.Tensor2D), m);
    const r = tf.rsqrt(tf.add(variance, eps));
    const xhat = tf.mul(centred, r);
    tf.tidy(() => {
      // running statistics (PyTorch: momentum 0.1, unbiased variance)
      bn.mean.assign(tf.add(tf.mul(bn.mean, 0.9), tf.mul(mean.reshape([c]), 0.1)));
      bn.variance.assign(tf.add(tf.mul(bn.variance, 0.9), tf.mul(variance.reshape([c]), (0.1 * m) / Math.max(m - 1, 1))));
    });
    save([xhat, r, gamma]);
    return {
      value: tf.add(tf.mul(xhat, gamma), beta),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sxhat, sr, sg] = saved;
        const o = tf.ones([1, m]) as tf.Tensor2D;
        const sumDy = tf.matMul(o, dy as tf.Tensor2D); // [1, C]
        const sumDyXhat = tf.matMul(o, tf.mul(dy, sxhat) as tf.Tensor2D);
        // dx = γ·r/M · (M·dy − Σdy − x̂·Σ(dy·x̂))
        const dx = tf.mul(tf.mul(sg, tf.div(sr, m)), tf.sub(tf.sub(tf.mul(dy, m), sumDy), tf.mul(sxhat, sumDyXhat)));
        return [dx, sumDyXhat.reshape([c]), sumDy.reshape([c])];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (f(x.reshape([m, c]), bn.gamma, bn.beta) as tf.Tensor).reshape(shape);
}

export function collectVars(obj: unknown, out: tf.Variable[] = []): tf.Variable[] {
  if (obj instanceof tf.Variable) out.push(obj);
  else if (Array.isArray(obj)) obj.forEach((o) => collectVars(o, out));
  else if (obj && typeof obj === 'object') Object.values(obj).forEach((o) => collectVars(o, out));
  return out;
}
