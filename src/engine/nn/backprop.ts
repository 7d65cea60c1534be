// tfjs-core's backward pass (engine.gradients) holds every tensor a gradient needed, and every
// gradient it computed on the way, until the whole pass ends: the peak memory of a step is the
// forward's saved activations plus a gradient of each. Here a node's saved tensors and the
// gradients of its outputs are freed as soon as its own gradient is done (nothing later reads them:
// each node's producer comes before it on the tape, so its outputs' gradients are complete when it
// is reached, and the lab takes no gradient of a gradient). On wasm that is fewer fresh pages of
// memory to fault in on a first step, and less memory in every step; the values are unchanged.
import * as tf from '@tensorflow/tfjs';
import { getFilteredNodesXToY, type TapeNode } from '@tensorflow/tfjs-core/dist/tape';

interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T extends tf.TensorContainer>(name: string | (() => T), f?: () => T): T;
  gradients(f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allowNoGradients?: boolean): { value: tf.Tensor; grads: tf.Tensor[] };
}

let original: EngineInternals['gradients'] | null = null;

/** engine.gradients frees what the backward pass no longer needs as it goes (off: tfjs' own, for tests). */
export function freeAsBackpropGoes(on = true): void {
  const engine = tf.engine() as unknown as EngineInternals;
  original ??= engine.gradients.bind(engine);
  engine.gradients = on ? freeing(engine, original) : original;
}

function freeing(engine: EngineInternals, original: EngineInternals['gradients']): EngineInternals['gradients'] {
  return (f, xs, dy, allowNoGradients = false) => {
    // a gradient of a gradient reads the tape again: tfjs' own pass
    if (engine.state.gradientDepth > 0) return original(f, xs, dy, allowNoGradients);
    if (xs.length === 0) throw new Error('gradients() received an empty list of xs.');
    const y = engine.scopedRun(
      () => engine.startTape(),
      () => engine.endTape(),
      () => engine.tidy('forward', f),
    );
    const tape = getFilteredNodesXToY(engine.state.activeTape!, xs, y);
    if (!allowNoGradients && tape.length === 0) throw new Error('Cannot compute gradient of y=f(x) with respect to x: f must enclose every operation from x to y.');
    return engine.tidy('backward', () => {
      const wanted = new Set(xs.map((x) => x.id));
      const grad: Record<number, tf.Tensor> = { [y.id]: dy ?? tf.ones(y.shape) };
      for (let i = tape.length - 1; i >= 0; i--) {
        const node = tape[i];
        const dys = node.outputs.map((o) => grad[o.id] ?? null) as tf.Tensor[];
        if (!node.gradient) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
        const inputGrads = node.gradient(dys);
        for (const name in node.inputs) {
          if (!(name in inputGrads)) throw new Error(`Cannot backprop through input ${name}. Available gradients found: ${Object.keys(inputGrads)}.`);
          const dx = engine.tidy(() => inputGrads[name]());
          const x = node.inputs[name];
          if (dx.dtype !== 'float32') throw new Error(`Error in gradient for op ${node.kernelName}: the gradient of input ${name} must be float32, not ${dx.dtype}`);
          if (!tf.util.arraysEqual(dx.shape, x.shape)) throw new Error(`Error in gradient for op ${node.kernelName}: the gradient of input '${name}' has shape ${dx.shape}, not the input's ${x.shape}`);
          const before = grad[x.id];
          grad[x.id] = before ? tf.add(before, dx) : dx;
          if (before) {
            before.dispose();
            dx.dispose();
          }
        }
        // this node is done: what it saved, and its outputs' gradients, are read by nothing later
        for (const t of node.saved ?? []) t.dispose();
        node.saved = [];
        node.outputs.forEach((o, k) => {
          if (wanted.has(o.id) || dys[k] === dy) return;
          dys[k]?.dispose();
          delete grad[o.id];
        });
      }
      const grads = xs.map((x) => grad[x.id]);
      for (const node of engine.state.activeTape!) for (const t of node.saved ?? []) t.dispose();
      engine.state.activeTape = null;
      return { value: y, grads } as unknown as tf.TensorContainer;
    }) as unknown as { value: tf.Tensor; grads: tf.Tensor[] };
  };
}
