// tfjs-backend-webgpu pays a fixed host cost per dispatch (a bind group, a uniform upload, pipeline
// lookup) and, for every tensor that starts on the CPU — each JS number operand — a new staging
// buffer and a broken compute pass (counted by `npm run dispatch`). Two things here cut that:
// 1. small uploads into pooled buffers go through queue.writeBuffer, which needs neither a staging
//    buffer nor the end of the compute pass (tfjs' own uniforms are uploaded the same way);
// 2. element-wise updates that run once per parameter tensor every step (AdamW, SGD, EMA) are one
//    in-place dispatch each instead of 5–14.
// Every fused update has a composite tfjs path for wasm/cpu (see optim.ts and ops/ema.ts).
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend, webgpu_util, type WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

interface TensorData {
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
interface BackendInternals {
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

/** An element-wise in-place update of `result` from inputs of its size, with f32 uniforms. */
class InPlaceProgram implements WebGPUProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  uniforms: string;
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;

  constructor(
    readonly name: string,
    n: number,
    inputs: string[],
    uniformNames: string[],
    private readonly body: string,
  ) {
    this.outputShape = [n];
    this.variableNames = inputs;
    this.uniforms = uniformNames.map((u) => `${u} : f32,`).join(' ');
    this.dispatchLayout = webgpu_util.flatDispatchLayout(this.outputShape);
    this.dispatch = webgpu_util.computeDispatch(this.dispatchLayout, this.outputShape, this.workgroupSize);
    this.shaderKey = `lab_${name}`;
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${this.body}
        }
      }`;
  }
}

/**
 * The updates, each written as WGSL over `index`; `result` holds the target's old value. AdamW's
 * moments are packed as [m | v] in one tensor of twice the parameter's size, so that one dispatch
 * updates both and a second updates the weights (one output per program).
 */
const UPDATES = {
  /** mv ← [β1·m + (1−β1)·g | β2·v + (1−β2)·g²]; A = g */
  adamMoments: {
    inputs: ['A'],
    uniforms: ['b1', 'b2', 'half'],
    body: `let h = i32(uniforms.half);
          let g = A[index % h];
          if (index < h) { result[index] = uniforms.b1 * result[index] + (1.0 - uniforms.b1) * g; }
          else { result[index] = uniforms.b2 * result[index] + (1.0 - uniforms.b2) * g * g; }`,
  },
  /** w ← w·(1 − lr·wd) − lr·(m/c1)/(√(v/c2) + ε); A = packed [m | v] */
  adamWeights: {
    inputs: ['A'],
    uniforms: ['lr', 'decay', 'c1', 'c2', 'eps'],
    body: `let m = A[index];
          let v = A[index + uniforms.size];
          let update = (m / uniforms.c1) / (sqrt(v / uniforms.c2) + uniforms.eps);
          result[index] = result[index] * uniforms.decay - update * uniforms.lr;`,
  },
  /** b ← μ·b + g; A = g */
  sgdBuffer: { inputs: ['A'], uniforms: ['mu'], body: 'result[index] = uniforms.mu * result[index] + A[index];' },
  /** w ← w·(1 − lr·wd) − lr·b; A = b */
  sgdWeights: { inputs: ['A'], uniforms: ['lr', 'decay'], body: 'result[index] = result[index] * uniforms.decay - A[index] * uniforms.lr;' },
  /** t ← m·t + (1 − m)·o; A = online */
  ema: { inputs: ['A'], uniforms: ['m'], body: 'result[index] = uniforms.m * result[index] + (1.0 - uniforms.m) * A[index];' },
} as const;
export type UpdateName = keyof typeof UPDATES;

/** Whether fused in-place updates run here (the WebGPU backend). */
export const fusedUpdates = (): boolean => tf.getBackend() === 'webgpu';

/**
 * Run an update in place on `target` (a variable the caller owns). Returns false, doing nothing,
 * where it cannot: another backend, or a target whose buffer another tensor shares (a clone made
 * by tf.clone shares its source's buffer until one is assigned), so that the caller's composite
 * path runs instead.
 */
export function updateInPlace(name: UpdateName, target: tf.Variable, inputs: tf.Tensor[], uniforms: number[]): boolean {
  if (!fusedUpdates()) return false;
  const backend = tf.backend() as unknown as WebGPUBackend;
  const data = (backend as unknown as BackendInternals).tensorMap.get(target.dataId);
  if (!data || data.refCount !== 1 || target.dtype !== 'float32') return false;
  const u = UPDATES[name];
  const n = target.size;
  const program = new InPlaceProgram(name, n, [...u.inputs], [...u.uniforms], u.body);
  const out = { dataId: target.dataId, shape: [n], dtype: 'float32' as const };
  backend.runWebGPUProgram(
    program,
    inputs.map((t) => ({ dataId: t.dataId, shape: [t.size], dtype: t.dtype })),
    'float32',
    uniforms.map((x) => ({ type: 'float32', data: [x] })),
    out,
  );
  data.values = null; // a CPU copy cached by an earlier read is stale now
  return true;
}
