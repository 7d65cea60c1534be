// Changes to how tfjs-backend-webgpu manages memory, each measured by `npm run dispatch`:
// - every tensor that starts on the CPU (each JS number operand among them) was uploaded through a
//   new staging buffer, which also ends the compute pass; uploads into reused pool buffers now go
//   through queue.writeBuffer, as tfjs' own uniforms do, needing neither;
// - tfjs keeps every buffer it ever made, keyed by exact size, so shapes that change from step to
//   step (iBOT's masked-token count) made new buffers every step and grew the pool without bound;
//   buffers now come by size class (webgpu-pool.ts), and releaseIdleBuffers frees the classes no
//   recent step used;
// - a new bind group per dispatch was most of Dawn's host time; they are reused (webgpu-bindgroups.ts),
//   and so are uniform writes that repeat a buffer's contents (webgpu-uniforms.ts).
// No value from tfjs-backend-webgpu is imported here: that package loads only when WebGPU starts (backend.ts).
import * as tf from '@tensorflow/tfjs';
import { cacheBindGroups, pruneBindGroups, type BindGroupCache } from './webgpu-bindgroups';
import { shareSavedTensors } from './saved-tensors';
import { skipRepeatedUniformWrites } from './webgpu-uniforms';
import { installClassPool, releaseIdle, trimReadback, type PoolInternals, type PoolUse, type ReadInternals } from './webgpu-pool';

export interface TensorData {
  values: ArrayLike<number> | null;
  dtype: tf.DataType;
  shape: number[];
  resource: unknown;
  refCount: number;
}
export interface BackendInternals extends Omit<ReadInternals, 'tensorMap'> {
  tensorMap: { get(id: object): TensorData | undefined };
  bufferManager: PoolInternals;
  device: GPUDevice;
  pipelineCache: Record<string, unknown>;
  queue: GPUQueue;
  uploadToGPU(id: object): void;
}

const pools = new WeakMap<object, { use: PoolUse; groups: BindGroupCache }>();

/** Pool by size class, noting each key's last use; route uploads into reused (unmapped) pool buffers through queue.writeBuffer. */
export function patchWebgpuBackend(): void {
  if (tf.getBackend() !== 'webgpu') return;
  const backend = tf.backend() as unknown as BackendInternals;
  if (pools.has(backend)) return;
  pools.set(backend, { use: installClassPool(backend.bufferManager, backend.device), groups: cacheBindGroups(backend.device, Object.values(backend.pipelineCache)) });
  trimReadback(backend as unknown as ReadInternals);
  skipRepeatedUniformWrites(backend.queue);
  shareSavedTensors();
  const original = backend.uploadToGPU.bind(backend);
  backend.uploadToGPU = (dataId) => {
    const d = backend.tensorMap.get(dataId);
    if (!d || d.resource != null || !d.values) return original(dataId);
    const n = tf.util.sizeFromShape(d.shape);
    // (every dtype a tensor here holds is 4 bytes an element on the GPU, as tfjs' GPUBytesPerElement says)
    const size = (d.dtype === 'complex64' ? 8 : 4) * n;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    // a new buffer comes mapped: tfjs fills it directly, no staging either (it may be a class
    // longer than the tensor: only `size` bytes are written)
    const buffer = backend.bufferManager.acquireBuffer(size, usage, true);
    if (buffer.mapState === 'unmapped') {
      // Safe to write now: a pooled buffer is free only once no unsubmitted command uses it
      // (tfjs defers releasing a tensor's buffer until the commands that read it are submitted),
      // and a queue write lands before the next submit, the first that can read it.
      const data = d.dtype === 'int32' || d.dtype === 'bool' ? Int32Array.from(d.values) : d.values instanceof Float32Array ? d.values : Float32Array.from(d.values);
      backend.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, size);
    } else {
      const mapped = buffer.getMappedRange();
      if (d.dtype === 'int32' || d.dtype === 'bool') new Int32Array(mapped).set(d.values);
      else new Float32Array(mapped).set(d.values);
      buffer.unmap();
    }
    d.values = null;
    d.resource = buffer;
  };
}

/**
 * Destroy the pooled free buffers of every class that the last `keep` steps did not use (call once
 * per training step). A class in steady use keeps its buffers, so a step still makes none.
 */
export function releaseIdleBuffers(keep = 2): void {
  if (tf.getBackend() !== 'webgpu') return;
  const backend = tf.backend() as unknown as BackendInternals;
  const pool = pools.get(backend);
  if (!pool) return;
  releaseIdle(backend.bufferManager, pool.use, keep);
  pruneBindGroups(pool.groups, keep);
}
