// What the lab uses of the @tensorflow/tfjs union package, which Vite resolves `@tensorflow/tfjs`
// to (vite.config.ts): tfjs-core with its gradients and chained ops, and the cpu backend; the
// wasm, WebGPU and WebGL backends are imported where they start (WebGPU and WebGL only when asked
// for, see load in backend.ts). Layers, the converter and
// tf.data stay out: nothing here uses them, and they were a third of the worker's 2.4 MB, which
// the worker parses before it can do anything.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-backend-cpu';
