// tfjs-backend-webgpu pools GPU buffers by exact byte size. iBOT's and DINOv2's block masks change
// the number of masked tokens (M) every step, so each tensor shaped [M, ·] asks for a size the pool
// has rarely seen, and a step made ~50 new buffers. This pool hands out buffers by size class
// (8 per octave, ≤ 12.5% larger than asked) and, when its own class has none free, one of the next
// two classes: M moves within ~4% at the lab's batch sizes, so a step's [M, ·] tensors find
// buffers that an earlier step left, and after warm-up no step creates one.
//
// A buffer is then longer than its tensor. tfjs only reads a buffer's length where it copies a
// whole buffer (harmless) and where it reads one back to the CPU; readback is cut to the tensor's
// length here. Its shaders index by shape, never by a buffer's length.
import * as tf from '@tensorflow/tfjs';

export interface PoolInternals {
  acquireBuffer(size: number, usage: number, mapped?: boolean, reuse?: boolean): GPUBuffer;
  releaseBuffer(buffer: GPUBuffer, reuse?: boolean): void;
  freeBuffers: Map<string, GPUBuffer[]>;
  usedBuffers: Map<string, GPUBuffer[]>;
  numFreeBuffers: number;
  numUsedBuffers: number;
  numBytesAllocated: number;
  numBytesUsed: number;
}
interface TensorEntry {
  values: tf.backend_util.BackendValues | null;
  dtype: tf.DataType;
  shape: number[];
}
export interface ReadInternals {
  tensorMap: { get(id: object): TensorEntry | undefined };
  read(dataId: object): Promise<tf.backend_util.BackendValues>;
  readSync(dataId: object): tf.backend_util.BackendValues;
}

/** GPUBufferUsage.STORAGE (WebGPU spec), spelt out so that the pool runs in Node's tests too. */
const STORAGE = 0x80;
/** How many larger classes a request may take a free buffer from. */
const REACH = 2;

/** The smallest size class holding `bytes`: multiples of 16 up to 128, then 8 classes per octave. */
export function sizeClass(bytes: number): number {
  if (bytes <= 128) return Math.max(16, Math.ceil(bytes / 16) * 16);
  const step = 2 ** (Math.floor(Math.log2(bytes - 1)) - 3);
  return Math.ceil(bytes / step) * step;
}

/** The class after `cls`. */
export const nextClass = (cls: number): number => sizeClass(cls + 1);

/** tfjs' pool key (buffer_manager.ts getBufferKey): release files a buffer under its own size. */
export const poolKey = (size: number, usage: number) => `${size}_${usage}`;

const ids = new WeakMap<object, number>();
let nextId = 1;
/** A GPU object's id: in the order first seen, never reused. */
export function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

/** A buffer's id, size and pool key, read once: Dawn's getters cross into native code. */
interface Meta {
  id: number;
  size: number;
  key: string;
}
const metas = new WeakMap<GPUBuffer, Meta>();
function metaOf(b: GPUBuffer): Meta {
  let m = metas.get(b);
  if (!m) metas.set(b, (m = { id: idOf(b), size: b.size, key: poolKey(b.size, b.usage) }));
  return m;
}

/**
 * Free lists are kept in falling id order and a request takes the last: the lowest id. tfjs
 * takes the last one freed, which permutes which buffer each tensor gets from one step to the
 * next; by lowest id, a step that starts with the same free buffers hands each dispatch the same
 * ones, so its bind groups and uniform writes repeat.
 */
function insertFree(list: GPUBuffer[], b: GPUBuffer, id: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (metaOf(list[mid]).id > id) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, b);
}

/** The step count of releaseIdle, and the last step each pool key was handed out. */
export interface PoolUse {
  step: number;
  lastUse: Map<string, number>;
}

/**
 * Replace the manager's acquireBuffer and releaseBuffer with ones by size class (storage buffers
 * only: uniform and staging buffers keep exact sizes, as tfjs binds and maps them whole).
 */
export function installClassPool(manager: PoolInternals, device: Pick<GPUDevice, 'createBuffer'>): PoolUse {
  const use: PoolUse = { step: 0, lastUse: new Map() };
  // tfjs' lists may hold buffers made before this; put them in this pool's order
  for (const list of manager.freeBuffers.values()) list.sort((a, b) => metaOf(b).id - metaOf(a).id);
  manager.acquireBuffer = (size, usage, mapped = false, reuse = true) => {
    const classed = (usage & STORAGE) !== 0;
    const want = classed ? sizeClass(size) : size;
    let buffer: GPUBuffer | undefined;
    if (reuse) {
      let cls = want;
      for (let i = 0; i <= (classed ? REACH : 0) && !buffer; i++, cls = nextClass(cls)) {
        buffer = manager.freeBuffers.get(poolKey(cls, usage))?.pop();
      }
      if (buffer) manager.numFreeBuffers--;
    }
    if (!buffer) {
      buffer = device.createBuffer({ size: want, usage, mappedAtCreation: mapped });
      manager.numBytesAllocated += want;
      if (!manager.freeBuffers.has(poolKey(want, usage))) manager.freeBuffers.set(poolKey(want, usage), []);
    }
    const m = metaOf(buffer);
    let used = manager.usedBuffers.get(m.key);
    if (!used) manager.usedBuffers.set(m.key, (used = []));
    used.push(buffer);
    manager.numUsedBuffers++;
    manager.numBytesUsed += m.size;
    use.lastUse.set(m.key, use.step);
    return buffer;
  };
  manager.releaseBuffer = (buffer, reuse = true) => {
    if (manager.freeBuffers.size === 0) return; // tfjs' own: the manager was disposed
    const m = metaOf(buffer);
    const used = manager.usedBuffers.get(m.key);
    const i = used ? used.indexOf(buffer) : -1;
    if (!used || i < 0) throw new Error('Cannot find the buffer in buffer manager');
    used[i] = used[used.length - 1];
    used.pop();
    manager.numUsedBuffers--;
    manager.numBytesUsed -= m.size;
    if (reuse) {
      let free = manager.freeBuffers.get(m.key);
      if (!free) manager.freeBuffers.set(m.key, (free = []));
      insertFree(free, buffer, m.id);
      manager.numFreeBuffers++;
    } else {
      buffer.destroy();
      manager.numBytesAllocated -= m.size;
    }
  };
  return use;
}

/**
 * Destroy the free buffers of every class that the last `keep` steps did not hand out (call once
 * per step). A class in steady use keeps its buffers, so a step still makes none; a class that
 * only the odd step asks for goes, and the next class up serves that step.
 */
export function releaseIdle(manager: PoolInternals, use: PoolUse, keep: number): void {
  use.step++;
  for (const [key, buffers] of manager.freeBuffers) {
    if (!buffers.length || use.step - (use.lastUse.get(key) ?? 0) <= keep) continue;
    // destroy() after submit is safe: WebGPU frees the memory once submitted work using it is done
    for (const b of buffers) {
      manager.numBytesAllocated -= b.size;
      b.destroy();
    }
    manager.numFreeBuffers -= buffers.length;
    buffers.length = 0;
  }
}

/** Cut what a readback returns to the tensor's own length (its buffer may be a class longer). */
export function trimReadback(backend: ReadInternals): void {
  const trim = (dataId: object, vals: tf.backend_util.BackendValues) => {
    const d = backend.tensorMap.get(dataId);
    if (!d || d.dtype === 'string' || d.dtype === 'complex64') return vals;
    const n = tf.util.sizeFromShape(d.shape);
    if ((vals as ArrayLike<number>).length <= n) return vals;
    const cut = (vals as Float32Array | Int32Array | Uint8Array).slice(0, n);
    d.values = cut;
    return cut;
  };
  const read = backend.read.bind(backend);
  const readSync = backend.readSync.bind(backend);
  backend.read = async (dataId) => trim(dataId, await read(dataId));
  backend.readSync = (dataId) => trim(dataId, readSync(dataId));
}
