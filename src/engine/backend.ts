// Backend choice. `auto`: WebGPU when its adapter is a real GPU; otherwise the fastest of
// wasm (SIMD, threaded where the page is cross-origin isolated), WebGL and cpu by a short probe. On a machine without a GPU,
// Chromium's WebGPU runs on SwiftShader (a software Vulkan) and is far slower than wasm (the
// README's speed table, from `npm run bench`), so a software adapter is never chosen automatically.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { MAX_THREADS, type BackendChoice } from '../config/methods';
import type { Candidate, Decision } from './choice';
import { patchWasmKernels } from './nn/wasm-kernels';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface BackendInfo {
  name: BackendName;
  /** true when WebGPU/WebGL run on a software rasteriser (SwiftShader, llvmpipe…). */
  software: boolean;
  adapter: string;
  /** why this backend: "forced", "real GPU", or the probe's timings. */
  reason: string;
  probeMs: Partial<Record<BackendName, number>>;
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

async function activate(name: BackendName, threads = 1, threaded = threads > 1): Promise<boolean> {
  if (name === 'wasm') {
    // the pool is made when the backend first starts (setWasmThreads changes it later); without
    // threads, the plain SIMD module
    if (threaded) setThreadsCount(threads);
    else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    patchWasmKernels();
  }
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Time a small conv + matmul workload (after one warm-up run that compiles shaders). */
async function probe(): Promise<number> {
  const run = () =>
    tf.tidy(() => {
      const x = tf.ones([32, 16, 16, 32]) as tf.Tensor4D;
      const w = tf.ones([3, 3, 32, 64]).mul(0.01) as tf.Tensor4D;
      const y = tf.conv2d(x, w, 1, 'same').reshape([-1, 64]);
      return tf.matMul(y, tf.ones([64, 64])).sum();
    });
  await run().data();
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) await run().data();
  return (performance.now() - t0) / 3;
}

export async function initBackend(choice: BackendChoice, opts: BackendOptions = {}): Promise<BackendInfo> {
  if (opts.wasmPaths) setWasmPaths(opts.wasmPaths as Record<string, string>);
  const threads = wasmThreads(opts.threads, cores(), hasSharedMemory());
  const info = (name: BackendName, software: boolean, adapter: string, reason: string, probeMs = {}): BackendInfo => ({
    name, software, adapter, reason, probeMs, ...(name === 'wasm' ? { threads: getThreadsCount() } : {}),
  });

  if (choice === 'webgpu' || choice === 'auto') {
    const adapter = await webgpuAdapter();
    if (adapter && (choice === 'webgpu' || !isSoftware(adapter)) && (await activate('webgpu'))) {
      return info('webgpu', isSoftware(adapter), describe(adapter), choice === 'webgpu' ? 'forced' : 'real GPU');
    }
    if (choice === 'webgpu') throw new Error('WebGPU is not available in this browser (no adapter).');
  }
  if (choice !== 'auto') {
    if (!(await activate(choice, threads))) throw new Error(`The ${choice} backend could not start here.`);
    const renderer = choice === 'webgl' ? webglRenderer() : '';
    return info(choice, /swiftshader|llvmpipe|software/i.test(renderer), renderer || choice, 'forced');
  }
  const probeMs: Partial<Record<BackendName, number>> = {};
  for (const name of ['wasm', 'webgl', 'cpu'] as const) {
    if (!(await activate(name, threads))) continue;
    try {
      probeMs[name] = await probe();
    } catch {
      /* a backend that cannot run the probe is not a candidate */
    }
  }
  const ranked = (Object.keys(probeMs) as BackendName[]).sort((a, b) => probeMs[a]! - probeMs[b]!);
  if (!ranked.length) throw new Error('No tfjs backend could run here.');
  await activate(ranked[0], threads);
  const renderer = ranked[0] === 'webgl' ? webglRenderer() : '';
  const timings = ranked.map((n) => `${n} ${probeMs[n]!.toFixed(1)} ms`).join(', ');
  return info(ranked[0], /swiftshader|llvmpipe|software/i.test(renderer), renderer || ranked[0], `fastest by probe (${timings})`, probeMs);
}

/** Candidates for `auto`: WebGPU on a real GPU, and wasm with one thread per core and with one. */
export async function autoCandidates(threads: number | null | undefined): Promise<Candidate[]> {
  const adapter = await webgpuAdapter();
  const n = wasmThreads(threads, cores(), hasSharedMemory());
  return [...(adapter && !isSoftware(adapter) ? [{ backend: 'webgpu' as const }] : []), ...(n > 1 ? [{ backend: 'wasm' as const, threads: n }] : []), { backend: 'wasm' as const, threads: 1 }];
}

/**
 * Start one backend as decided. `threadedPool`: wasm loads its threaded module even for one
 * thread, so that setWasmThreads can try more on the first training steps.
 */
export async function startBackend(d: Decision, opts: BackendOptions & { threadedPool?: boolean } = {}): Promise<BackendInfo> {
  if (opts.wasmPaths) setWasmPaths(opts.wasmPaths as Record<string, string>);
  const threads = d.backend === 'wasm' ? (d.threads ?? wasmThreads(opts.threads, cores(), hasSharedMemory())) : 1;
  const threaded = d.backend === 'wasm' && hasSharedMemory() && (threads > 1 || Boolean(opts.threadedPool));
  if (!(await activate(d.backend, threads, threaded))) throw new Error(`The ${d.backend} backend could not start here.`);
  const adapter = d.backend === 'webgpu' ? await webgpuAdapter() : null;
  const renderer = d.backend === 'webgl' ? webglRenderer() : '';
  return {
    name: d.backend,
    software: adapter ? isSoftware(adapter) : /swiftshader|llvmpipe|software/i.test(renderer),
    adapter: adapter ? describe(adapter) : renderer || d.backend,
    reason: d.why,
    probeMs: {},
    ...(d.backend === 'wasm' ? { threads: getThreadsCount() } : {}),
  };
}

/** Switch the running wasm backend's thread pool (a pool once made stays parked; ask for at most a few). */
export function setWasmThreads(n: number): number {
  const wasm = (tf.backend() as unknown as { wasm: { tfjs: { initWithThreadsCount(n: number): void; getThreadsCount(): number } } }).wasm;
  wasm.tfjs.initWithThreadsCount(n);
  return wasm.tfjs.getThreadsCount();
}
