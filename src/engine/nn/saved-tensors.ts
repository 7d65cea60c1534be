// tfjs-core keeps each tensor a gradient will need (a kernel's saved inputs and outputs, a custom
// gradient's saved tensors) by engine.clone: a full Identity kernel call plus a tape node of its
// own, ~750 of them in a DINOv2 step. On webgpu the Identity kernel only shares the data (incRef)
// and clone's tape node never lies between the inputs and the loss (only a gradient of a gradient
// would use it, and the lab takes none), so on webgpu the clone is made directly.
import * as tf from '@tensorflow/tfjs';

interface EngineInternals {
  backendName: string;
  backend: { incRef(dataId: object): void };
  clone(x: tf.Tensor): tf.Tensor;
  makeTensorFromTensorInfo(info: { dataId: object; shape: number[]; dtype: tf.DataType }): tf.Tensor;
}

let installed = false;

/** Make engine.clone share the data without a kernel on the webgpu backend (other backends as before). */
export function shareSavedTensorsOnWebgpu(): void {
  if (installed) return;
  installed = true;
  const engine = tf.engine() as unknown as EngineInternals;
  const clone = engine.clone.bind(engine);
  engine.clone = (x) => {
    if (engine.backendName !== 'webgpu') return clone(x);
    engine.backend.incRef(x.dataId);
    return engine.makeTensorFromTensorInfo({ dataId: x.dataId, shape: x.shape, dtype: x.dtype });
  };
}
