// Starting a backend: its adapter, wasm's module and thread pool. What `auto` starts is decided
// elsewhere (choice.ts, and worker/choose.ts, which measures); this file only says what can run.
// On a machine without a GPU, Chromium's WebGPU runs on SwiftShader (a software Vulkan) and is far
// slower than wasm (the README's speed table, from `npm run bench`), so a software adapter is never
// a candidate for `auto`.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { MAX_THREADS } from '../config/methods';
import type { Candidate, Decision } from './choice';
import { patchWebgpuBackend } from './nn/webgpu-backend';
import { freeAsBackpropGoes } from './nn/backprop';
import { shareSavedTensors } from './nn/saved-tensors';
import { patchWasmKernels } from './nn/wasm-kernels';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface BackendInfo {
  name: BackendName;
  /** true when WebGPU/WebGL run on a software rasteriser (SwiftShader, llvmpipe…). */
  software: boolean;
  adapter: string;
  /** why this backend: "forced", or what auto measured */
  reason: string;
  /** wasm's thread pool (1 where the page is not cross-origin isolated); absent on other backends */
  threads?: number;
  /** how `auto` came to it (absent: initBackend's forced or probed start) */
  source?: 'forced' | 'remembered' | 'measured' | 'measuring';
}

export interface BackendOptions {
  /** wasm file URLs (the browser build passes Vite's asset URLs; Node finds them itself). */
  wasmPaths?: Record<string, string> | string;
  /** wasm threads wanted (null: as many as the machine has cores, see wasmThreads) */
  threads?: number | null;
}

/**
 * How many threads wasm gets: none without SharedArrayBuffer (a page that is not cross-origin
 * isolated, or Node); otherwise the request, or one per core up to MAX_THREADS.
 */
export function wasmThreads(requested: number | null | undefined, cores: number | undefined, sharedMemory: boolean): number {
  if (!sharedMemory) return 1;
  const n = requested ?? cores ?? 1;
  return Math.max(1, Math.min(MAX_THREADS, Math.floor(n)));
}

const hasSharedMemory = () => typeof SharedArrayBuffer !== 'undefined' && Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
const cores = () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string };
}

async function webgpuAdapter(): Promise<GpuAdapterLike | null> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } } }).navigator?.gpu;
  if (!gpu) return null;
  try {
    return await gpu.requestAdapter();
  } catch {
    return null;
  }
}

const isSoftware = (a: GpuAdapterLike) =>
  Boolean(a.isFallbackAdapter) || /swiftshader|llvmpipe|software|lavapipe/i.test(`${a.info?.vendor} ${a.info?.architecture} ${a.info?.description}`);

const describe = (a: GpuAdapterLike) => [a.info?.vendor, a.info?.architecture, a.info?.description].filter(Boolean).join(' ') || 'unknown adapter';

function webglRenderer(): string {
  try {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    if (!gl) return '';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return '';
  }
}

/**
 * pthread workers the threaded module starts with: each pool of n threads takes n − 1 of them and
 * keeps them, and a thread trial makes the largest pool twice (at its start or middle, and as its
 * choice). Workers started and never used cost a few hundred ms on a small laptop.
 */
export function pthreadWorkers(largest: number): number {
  return Math.max(1, Math.min(MAX_THREADS, 2 * (largest - 1)));
}

/**
 * WebGPU's and WebGL's backends are loaded when one is asked for: they are a third of the worker's
 * JavaScript, which the worker must parse before its first step, and a page on wasm never runs them.
 */
async function load(name: BackendName): Promise<void> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
}

async function activate(name: BackendName, threads = 1, largest = 1): Promise<boolean> {
  if (name === 'wasm') {
    // the pool is made when the backend first starts (setWasmThreads changes it later); without
    // threads, the plain SIMD module
    if (largest > 1) {
      setThreadsCount(threads);
      (globalThis as { __labPthreads?: number }).__labPthreads = pthreadWorkers(largest); // read by the threaded module (scripts/build/threaded-wasm.ts)
    } else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    patchWasmKernels();
    shareSavedTensors();
  }
  freeAsBackpropGoes();
  try {
    await load(name);
    const ok = (await tf.setBackend(name)) && tf.getBackend() === name;
    if (ok && name === 'webgpu') patchWebgpuBackend();
    return ok;
  } catch {
    return false;
  }
}

/** whether wasm's module has started in this thread (its pool then stays; see startBackend) */
let wasmStarted = false;

/** Start a named backend, as `backend=<name>` (and the bench and Node tools) ask. */
export function initBackend(name: BackendName, opts: BackendOptions = {}): Promise<BackendInfo> {
  return startBackend({ backend: name, source: 'forced', why: 'forced' }, opts);
}

/** wasm's candidates for `auto`: one thread per core (where threads can run) and one. Known at once, unlike a GPU. */
export function wasmCandidates(threads: number | null | undefined): Candidate[] {
  const n = wasmThreads(threads, cores(), hasSharedMemory());
  return [...(n > 1 ? [{ backend: 'wasm' as const, threads: n }] : []), { backend: 'wasm' as const, threads: 1 }];
}

/** Candidates for `auto`: WebGPU on a real GPU, and wasm's. */
export async function autoCandidates(threads: number | null | undefined): Promise<Candidate[]> {
  const adapter = await webgpuAdapter();
  return [...(adapter && !isSoftware(adapter) ? [{ backend: 'webgpu' as const }] : []), ...wasmCandidates(threads)];
}

/**
 * Start one backend as decided. `threadedPool`: the most threads setWasmThreads will ask of wasm
 * on the first training steps, so that it loads its threaded module (even for one thread now).
 */
export async function startBackend(d: Decision, opts: BackendOptions & { threadedPool?: number } = {}): Promise<BackendInfo> {
  if (opts.wasmPaths) setWasmPaths(opts.wasmPaths as Record<string, string>);
  const threads = d.backend === 'wasm' ? (d.threads ?? wasmThreads(opts.threads, cores(), hasSharedMemory())) : 1;
  const largest = d.backend === 'wasm' && hasSharedMemory() ? Math.max(threads, opts.threadedPool ?? 1) : 1;
  const adapter = d.backend === 'webgpu' ? await webgpuAdapter() : null;
  if (d.backend === 'webgpu' && !adapter) throw new Error('WebGPU is not available in this browser (no adapter).');
  // (not tf.findBackend: asked before activate, it would start wasm without the threads set)
  const startedBefore = d.backend === 'wasm' && wasmStarted;
  if (!(await activate(d.backend, threads, largest))) throw new Error(`The ${d.backend} backend could not start here.`);
  if (d.backend === 'wasm') wasmStarted = true;
  // a wasm backend started earlier keeps its pool: the threads asked for now are set on it
  if (startedBefore && largest > 1 && getThreadsCount() !== threads) setWasmThreads(threads);
  const renderer = d.backend === 'webgl' ? webglRenderer() : '';
  return {
    name: d.backend,
    software: adapter ? isSoftware(adapter) : /swiftshader|llvmpipe|software/i.test(renderer),
    adapter: adapter ? describe(adapter) : renderer || d.backend,
    reason: d.why,
    ...(d.backend === 'wasm' ? { threads: getThreadsCount() } : {}),
  };
}

/** Switch the running wasm backend's thread pool (a pool once made stays parked; ask for at most a few). */
export function setWasmThreads(n: number): number {
  const wasm = (tf.backend() as unknown as { wasm: { tfjs: { initWithThreadsCount(n: number): void; getThreadsCount(): number } } }).wasm;
  wasm.tfjs.initWithThreadsCount(n);
  return wasm.tfjs.getThreadsCount();
}
