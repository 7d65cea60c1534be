// The element-wise updates that run once per parameter tensor every step — AdamW, SGD, EMA — as
// one in-place WebGPU dispatch each, where tfjs' ops take 5–14 (with a scalar upload per JS number).
// AdamW's moments are packed as [m | v] in one tensor of twice the parameter's size, so that one
// dispatch updates both and a second the weights (a program has one output). The composite tfjs
// paths stay in optim.ts and ops/ema.ts for the other backends.
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { BackendInternals } from './webgpu-backend';
import { onWebgpu, runProgram } from './webgpu-program';

const guard = (body: string) => `if (index < uniforms.n) { ${body} }`;

/** Each update as WGSL over `index`; `result` holds the target's old value, A its one input. */
const UPDATES = {
  /** mv ← [β1·m + (1−β1)·g | β2·v + (1−β2)·g²]; A = g, n = 2·size */
  adamMoments: {
    uniforms: ['b1', 'b2'],
    body: guard(`let h = uniforms.n / 2;
          let g = A[index % h];
          if (index < h) { result[index] = uniforms.b1 * result[index] + (1.0 - uniforms.b1) * g; }
          else { result[index] = uniforms.b2 * result[index] + (1.0 - uniforms.b2) * g * g; }`),
  },
  /** w ← w·(1 − lr·wd) − lr·(m/c1)/(√(v/c2) + ε); A = packed [m | v] */
  adamWeights: {
    uniforms: ['lr', 'decay', 'c1', 'c2', 'eps'],
    body: guard(`let m = A[index];
          let v = A[index + uniforms.n];
          let update = (m / uniforms.c1) / (sqrt(v / uniforms.c2) + uniforms.eps);
          result[index] = result[index] * uniforms.decay - update * uniforms.lr;`),
  },
  /** b ← μ·b + g; A = g */
  sgdBuffer: { uniforms: ['mu'], body: guard('result[index] = uniforms.mu * result[index] + A[index];') },
  /** w ← w·(1 − lr·wd) − lr·b; A = b */
  sgdWeights: { uniforms: ['lr', 'decay'], body: guard('result[index] = result[index] * uniforms.decay - A[index] * uniforms.lr;') },
  /** t ← m·t + (1 − m)·o; A = online */
  ema: { uniforms: ['m'], body: guard('result[index] = uniforms.m * result[index] + (1.0 - uniforms.m) * A[index];') },
} as const;
export type UpdateName = keyof typeof UPDATES;

/** Whether fused in-place updates run here (the WebGPU backend). */
export const fusedUpdates = onWebgpu;

/**
 * Run an update in place on `target` (a variable the caller owns). Returns false, doing nothing,
 * where it cannot: another backend, or a target whose buffer another tensor shares (a clone made
 * by tf.clone shares its source's buffer until one is assigned), so that the caller's composite
 * path runs instead.
 */
export function updateInPlace(name: UpdateName, target: tf.Variable, input: tf.Tensor, values: number[]): boolean {
  if (!onWebgpu()) return false;
  const data = (tf.backend() as unknown as WebGPUBackend & BackendInternals).tensorMap.get(target.dataId);
  if (!data || data.refCount !== 1 || target.dtype !== 'float32') return false;
  const u = UPDATES[name];
  const uniforms: Record<string, number | { i: number }> = { n: { i: target.size } };
  u.uniforms.forEach((k, i) => (uniforms[k] = values[i]));
  runProgram(name, [target.size], [input], uniforms, target.size, u.body, target);
  return true;
}
