// Dawn for Node (the `webgpu` npm package, Chromium's WebGPU implementation) as `navigator.gpu`,
// and counters on the WebGPU calls tfjs-backend-webgpu makes. Install it before tfjs is imported:
// the webgpu backend registers itself only where `navigator.gpu` exists when its module loads.
// `null` runs all of tfjs' and Dawn's host-side work and validation without executing a shader,
// so it needs no GPU; `vulkan` (or `metal`, `d3d12`) runs the same calls on a real one.
import { create, globals } from 'webgpu';

export interface GpuCounts {
  dispatches: number;
  bindGroups: number;
  buffersCreated: number;
  computePasses: number;
  submits: number;
  readbacks: number;
  writeBuffers: number;
  copies: number;
}

export const zeroCounts = (): GpuCounts => ({ dispatches: 0, bindGroups: 0, buffersCreated: 0, computePasses: 0, submits: 0, readbacks: 0, writeBuffers: 0, copies: 0 });

/** Running totals since installDawn; subtract two snapshots for a step's calls. */
export const counts: GpuCounts = zeroCounts();

/** With installDawn(…, true): host ms spent in each WebGPU call since installDawn, by call. */
export const callMs = new Map<string, number>();

type Proto = Record<string, (...a: unknown[]) => unknown>;

function wrap(cls: unknown, method: string, key: keyof GpuCounts | null, timed: boolean): void {
  const proto = (cls as { prototype: Proto }).prototype;
  const original = proto[method];
  if (typeof original !== 'function') throw new Error(`Dawn has no ${method} to count`);
  proto[method] = !timed
    ? function (this: unknown, ...args: unknown[]) {
        if (key) counts[key]++;
        return original.apply(this, args);
      }
    : function (this: unknown, ...args: unknown[]) {
        if (key) counts[key]++;
        const t0 = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          callMs.set(method, (callMs.get(method) ?? 0) + performance.now() - t0);
        }
      };
}

/** `backend`: a Dawn backend name ('null', 'vulkan', …) or '' for Dawn's own choice; `timed`: fill callMs. */
export function installDawn(backend: string, timed = false): void {
  const g = globals as Record<string, unknown>;
  Object.assign(globalThis, g);
  const count = (cls: unknown, method: string, key: keyof GpuCounts) => wrap(cls, method, key, timed);
  if (timed) {
    for (const [cls, method] of [
      [g.GPUComputePassEncoder, 'setPipeline'], [g.GPUComputePassEncoder, 'setBindGroup'], [g.GPUComputePassEncoder, 'end'],
      [g.GPUComputePipeline, 'getBindGroupLayout'], [g.GPUDevice, 'createCommandEncoder'], [g.GPUCommandEncoder, 'finish'],
    ] as const) wrap(cls, method, null, true);
  }
  count(g.GPUComputePassEncoder, 'dispatchWorkgroups', 'dispatches');
  count(g.GPUDevice, 'createBindGroup', 'bindGroups');
  count(g.GPUDevice, 'createBuffer', 'buffersCreated');
  count(g.GPUCommandEncoder, 'beginComputePass', 'computePasses');
  count(g.GPUCommandEncoder, 'copyBufferToBuffer', 'copies');
  count(g.GPUQueue, 'submit', 'submits');
  count(g.GPUQueue, 'writeBuffer', 'writeBuffers');
  count(g.GPUBuffer, 'mapAsync', 'readbacks');
  const gpu = create(backend ? [`backend=${backend}`] : []);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true, writable: true });
}

export function diff(after: GpuCounts, before: GpuCounts): GpuCounts {
  const out = zeroCounts();
  for (const k of Object.keys(out) as (keyof GpuCounts)[]) out[k] = after[k] - before[k];
  return out;
}
