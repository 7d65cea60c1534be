// tfjs-backend-wasm 4.22's Slice (and Unpack, built on it) reads its input with readSync, which
// copies the whole input tensor out of the wasm heap on every call: unstacking [256, 65, 65] costs
// ~550 ms on a 2-core machine (SplitV too), where the bytes to move take well under 1 ms. The ViT's per-head
// attention matMuls (see bmm in ops.ts) unstack every step, so on wasm we register kernels that
// copy contiguous slices straight between heap views. Non-contiguous slices keep the original path.
import * as tf from '@tensorflow/tfjs';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}
type KernelArgs = { inputs: Record<string, tf.TensorInfo>; attrs: Record<string, unknown>; backend: WasmBackendLike };

function contiguousCopy(backend: WasmBackendLike, x: tf.TensorInfo, offset: number, shape: number[]): tf.TensorInfo {
  const out = backend.makeOutput(shape, x.dtype);
  // views taken after makeOutput: allocating may grow the heap and detach older views
  const src = backend.typedArrayFromHeap(x);
  backend.typedArrayFromHeap(out).set(src.subarray(offset, offset + tf.util.sizeFromShape(shape)));
  return out;
}

let patched = false;

/** Per-item 2-D matMuls of [N, m, k] × [N, k, n] as one kernel (see bmm in ops.ts). */
export const MATMUL_EACH = 'LabMatMulEach';

export function patchWasmKernels(): void {
  if (patched || !tf.getKernel('Slice', 'wasm')) return;
  const slowSlice = tf.getKernel('Slice', 'wasm')!.kernelFunc;
  const slowUnpack = tf.getKernel('Unpack', 'wasm')!.kernelFunc;

  const slice = (args: KernelArgs) => {
    const x = args.inputs.x;
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, args.attrs.begin as number[], args.attrs.size as number[]);
    if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, begin, size)) return slowSlice(args as never);
    return contiguousCopy(args.backend, x, tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape)), size);
  };
  const unpack = (args: KernelArgs) => {
    const x = args.inputs.value;
    const axis = (args.attrs.axis as number) < 0 ? (args.attrs.axis as number) + x.shape.length : (args.attrs.axis as number);
    if (x.dtype === 'string' || x.shape.slice(0, axis).some((d) => d !== 1)) return slowUnpack(args as never);
    const shape = x.shape.filter((_, i) => i !== axis);
    const n = tf.util.sizeFromShape(shape);
    return Array.from({ length: x.shape[axis] }, (_, i) => contiguousCopy(args.backend, x, i * n, shape));
  };
  const slowSplit = tf.getKernel('SplitV', 'wasm')!.kernelFunc;
  const split = (args: KernelArgs) => {
    const x = args.inputs.x;
    const rank = x.shape.length;
    const axis = tf.util.parseAxisParam(args.attrs.axis as number, x.shape)[0];
    if (x.dtype === 'string' || x.shape.slice(0, axis).some((d) => d !== 1)) return slowSplit(args as never);
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs.numOrSizeSplits as number[] | number, axis);
    const inner = tf.util.sizeFromShape(x.shape.slice(axis + 1));
    let offset = 0;
    return sizes.map((s) => {
      const shape = x.shape.slice(0, rank);
      shape[axis] = s;
      const out = contiguousCopy(args.backend, x, offset, shape);
      offset += s * inner;
      return out;
    });
  };
  // N plain 2-D matMuls (XNNPACK) inside one kernel: a tfjs op costs ~10–20 µs of engine
  // bookkeeping, as much as an attention-sized matMul itself
  const matMul = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
  const matMulEach = (args: KernelArgs) => {
    const { a, b } = args.inputs;
    const backend = args.backend as WasmBackendLike & { disposeData(id: unknown): void };
    const [n, m, k] = a.shape;
    const p = b.shape[2];
    const out = backend.makeOutput([n, m, p], 'float32');
    for (let i = 0; i < n; i++) {
      const ai = contiguousCopy(backend, a, i * m * k, [1, m, k]);
      const bi = contiguousCopy(backend, b, i * k * p, [1, k, p]);
      const oi = matMul({ inputs: { a: ai, b: bi }, backend, attrs: { transposeA: false, transposeB: false } } as never) as tf.TensorInfo;
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(oi), i * m * p);
      [ai, bi, oi].forEach((t) => backend.disposeData(t.dataId));
    }
    return out;
  };
  tf.registerKernel({ kernelName: MATMUL_EACH, backendName: 'wasm', kernelFunc: matMulEach as never });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({ kernelName: 'SplitV', backendName: 'wasm', kernelFunc: split as never });
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ kernelName: 'Slice', backendName: 'wasm', kernelFunc: slice as never });
  tf.unregisterKernel('Unpack', 'wasm');
  tf.registerKernel({ kernelName: 'Unpack', backendName: 'wasm', kernelFunc: unpack as never });
  patched = true;
}
