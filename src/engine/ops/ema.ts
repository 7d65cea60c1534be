// Momentum (EMA) targets and their schedules: pure functions of the step, shared by MoCo's key
// encoder, BYOL's target and (later) DINO's teacher.
import * as tf from '@tensorflow/tfjs';
import { collectVars } from '../nn/layers';
import { groupedUpdate } from '../nn/webgpu-updates';

export { cosineMomentum } from '../schedules';

/** target ← m·target + (1 − m)·online, for matching lists of variables. */
export function emaUpdate(target: tf.Variable[], online: tf.Variable[], m: number): void {
  // one dispatch per four tensors on WebGPU; a target still sharing its source's buffer (a fresh clone) composes
  const left = groupedUpdate('ema', target.map((t, i) => ({ writes: [t], reads: [online[i]] })), { m, nm: 1 - m });
  tf.tidy(() => left.forEach(({ writes: [t], reads: [o] }) => (t as tf.Variable).assign(tf.add(tf.mul(t, m), tf.mul(o, 1 - m)))));
}

/**
 * EMA of a target model towards its online twin (two trees of the same shape, e.g. made by
 * cloneTree): learnable parameters only — BatchNorm running statistics stay the target's own.
 */
export function emaUpdateTree(target: unknown, online: unknown, m: number): void {
  const on = collectVars(online);
  const tg = collectVars(target);
  const pairs = on.map((v, i) => [tg[i], v] as const).filter(([, v]) => v.trainable);
  emaUpdate(
    pairs.map(([t]) => t),
    pairs.map(([, v]) => v),
    m,
  );
}

/** A deep copy of a model (any tree of objects holding variables), as non-trainable variables. */
export function cloneTree<T>(tree: T): T {
  if (tree instanceof tf.Variable) return tf.tidy(() => tf.variable(tree.clone(), false)) as unknown as T;
  if (Array.isArray(tree)) return tree.map((x) => cloneTree(x)) as unknown as T;
  if (tree && typeof tree === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tree)) out[k] = cloneTree(v);
    return out as T;
  }
  return tree;
}
