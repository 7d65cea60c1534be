// Two changes to how tfjs-backend-webgpu manages memory, both measured by `npm run dispatch`:
// - every tensor that starts on the CPU (each JS number operand among them) was uploaded through a
//   new staging buffer, which also ends the compute pass; uploads into reused pool buffers now go
//   through queue.writeBuffer, as tfjs' own uniforms do, needing neither;
// - tfjs keeps every buffer it ever made, keyed by exact size, so shapes that change from step to
//   step (iBOT's masked-token count) grow the pool without bound; releaseIdleBuffers frees the
//   sizes no recent step asked for.
import * as tf from '@tensorflow/tfjs';
import { webgpu_util } from '@tensorflow/tfjs-backend-webgpu';

export interface TensorData {
  values: ArrayLike<number> | null;
  dtype: tf.DataType;
  shape: number[];
  resource: unknown;
  refCount: number;
}
interface PoolInternals {
  acquireBuffer(size: number, usage: number, mapped?: boolean, reuse?: boolean): GPUBuffer;
  freeBuffers: Map<string, GPUBuffer[]>;
  numFreeBuffers: number;
  numBytesAllocated: number;
}
export interface BackendInternals {
  tensorMap: { get(id: object): TensorData | undefined };
  bufferManager: PoolInternals;
  device: GPUDevice;
  uploadToGPU(id: object): void;
}

/** Per backend: the step count of releaseIdleBuffers, and the last step each pool key was asked for. */
const pools = new WeakMap<object, { step: number; lastUse: Map<string, number> }>();

/** Route uploads into reused (unmapped) pool buffers through queue.writeBuffer; note each pool key's last use. */
export function patchWebgpuBackend(): void {
  if (tf.getBackend() !== 'webgpu') return;
  const backend = tf.backend() as unknown as BackendInternals;
  if (pools.has(backend)) return;
  const pool = { step: 0, lastUse: new Map<string, number>() };
  pools.set(backend, pool);
  const manager = backend.bufferManager;
  const acquire = manager.acquireBuffer.bind(manager);
  manager.acquireBuffer = (size, usage, mapped, reuse) => {
    pool.lastUse.set(`${size}_${usage}`, pool.step); // tfjs' own key (buffer_manager.ts getBufferKey)
    return acquire(size, usage, mapped, reuse);
  };
  const original = backend.uploadToGPU.bind(backend);
  backend.uploadToGPU = (dataId) => {
    const d = backend.tensorMap.get(dataId);
    if (!d || d.resource != null || !d.values) return original(dataId);
    const n = tf.util.sizeFromShape(d.shape);
    const size = webgpu_util.GPUBytesPerElement(d.dtype) * n;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    // a new buffer comes mapped: tfjs fills it directly, no staging either
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
 * Destroy the pooled free buffers of every size that the last `keep` steps did not ask for (call
 * once per training step). A size in steady use keeps its buffers, so a step still makes none.
 */
export function releaseIdleBuffers(keep = 2): void {
  if (tf.getBackend() !== 'webgpu') return;
  const backend = tf.backend() as unknown as BackendInternals;
  const pool = pools.get(backend);
  if (!pool) return;
  pool.step++;
  const manager = backend.bufferManager;
  for (const [key, buffers] of manager.freeBuffers) {
    if (!buffers.length || pool.step - (pool.lastUse.get(key) ?? 0) <= keep) continue;
    // destroy() after submit is safe: WebGPU frees the memory once submitted work using it is done
    for (const b of buffers) {
      manager.numBytesAllocated -= b.size;
      b.destroy();
    }
    manager.numFreeBuffers -= buffers.length;
    buffers.length = 0;
  }
}
