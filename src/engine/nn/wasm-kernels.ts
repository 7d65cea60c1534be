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
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({ kernelName: 'SplitV', backendName: 'wasm', kernelFunc: split as never });
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ kernelName: 'Slice', backendName: 'wasm', kernelFunc: slice as never });
  tf.unregisterKernel('Unpack', 'wasm');
  tf.registerKernel({ kernelName: 'Unpack', backendName: 'wasm', kernelFunc: unpack as never });
  patched = true;
}
