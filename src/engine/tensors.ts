// Walking a method's state for its tensors: the trainer keeps what a step returns and frees what it
// replaced; the memory report counts their bytes.
import * as tf from '@tensorflow/tfjs';

/** Every tensor inside a method's state (a tree of objects, arrays and tensors). */
export function tensorsIn(state: unknown, out: tf.Tensor[] = []): tf.Tensor[] {
  if (state instanceof tf.Tensor) out.push(state);
  else if (Array.isArray(state)) state.forEach((s) => tensorsIn(s, out));
  else if (state && typeof state === 'object') Object.values(state).forEach((s) => tensorsIn(s, out));
  return out;
}

/** Dispose the tensors of `old` that `next` no longer holds. */
export function disposeReplaced(old: unknown, next: unknown): void {
  const keep = new Set(tensorsIn(next));
  tensorsIn(old).forEach((t) => keep.has(t) || t.dispose());
}
