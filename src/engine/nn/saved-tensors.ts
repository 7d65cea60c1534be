// tfjs-core keeps each tensor a gradient will need (a kernel's saved inputs and outputs, a custom
// gradient's saved tensors) by engine.clone: a full Identity kernel call plus a tape node of its
// own, ~750 of them in a DINOv2 step. On wasm that Identity copies the data: iBOT's step copied
// ~130 MB, and held the copies beside the originals until the step's end, which on a first step
// means as many more fresh pages of memory to fault in. On webgpu and wasm the clone now shares
// the data (both backends count references, and no kernel of theirs writes into an input), and
// clone's tape node never lies between the inputs and the loss (only a gradient of a gradient would
// use it, and the lab takes none), so the clone is made directly. The values are the same bytes, so
// what is learnt does not change.
import * as tf from '@tensorflow/tfjs';

interface EngineInternals {
  backendName: string;
  backend: { incRef(dataId: object): void };
  clone(x: tf.Tensor): tf.Tensor;
  makeTensorFromTensorInfo(info: { dataId: object; shape: number[]; dtype: tf.DataType }): tf.Tensor;
}

const SHARING = new Set(['webgpu', 'wasm']);
let installed = false;

/** Make engine.clone share the data without a kernel on the webgpu and wasm backends (others as before). */
export function shareSavedTensors(): void {
  if (installed) return;
  installed = true;
  const engine = tf.engine() as unknown as EngineInternals;
  const clone = engine.clone.bind(engine);
  engine.clone = (x) => {
    if (!SHARING.has(engine.backendName) || x.dtype === 'string') return clone(x);
    engine.backend.incRef(x.dataId);
    return engine.makeTensorFromTensorInfo({ dataId: x.dataId, shape: x.shape, dtype: x.dtype });
  };
}
