// Gives Node a WebGPU implementation (Dawn, via the `webgpu` npm package) before tfjs loads, so
// tfjs-backend-webgpu registers as it would in a browser. Imported first by gpu-bench.ts.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]), userAgent: 'node' }, configurable: true, writable: true });
