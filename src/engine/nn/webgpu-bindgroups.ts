// tfjs-backend-webgpu asks its pipeline for the bind group layout and creates a new bind group for
// every dispatch. Measured with `npm run dispatch` on Dawn (null backend), these two calls were
// most of Dawn's host time in a DINOv2 step: ~800 createBindGroup at ~75 µs and as many
// getBindGroupLayout at ~15 µs. A bind group is only its layout and the buffer ranges it names,
// and the pool hands a step's dispatches the same buffers each step, so both are cached here.
//
// A cached group names buffers by id, and ids are never reused: a destroyed buffer is never handed
// out again, so no later dispatch can ask for a group that names it. Groups no step used for a
// while are dropped (pruneBindGroups), which also lets their buffers go.
import { idOf } from './webgpu-pool';

export interface BindGroupCache {
  groups: Map<string, { group: GPUBindGroup; used: number }>;
  step: number;
}

type Device = Pick<GPUDevice, 'createBindGroup' | 'createComputePipeline' | 'createComputePipelineAsync'>;

/** A pipeline that answers getBindGroupLayout from a cache: the same layout object each time. */
function memoLayouts<P extends GPUComputePipeline>(pipeline: P): P {
  const own = pipeline.getBindGroupLayout.bind(pipeline);
  const layouts: GPUBindGroupLayout[] = [];
  pipeline.getBindGroupLayout = (i: number) => (layouts[i] ??= own(i));
  return pipeline;
}

/** The cache key of a descriptor whose resources are all buffer ranges; null for anything else. */
function keyOf(d: GPUBindGroupDescriptor): string | null {
  let key = String(idOf(d.layout));
  for (const e of d.entries as Iterable<GPUBindGroupEntry>) {
    const r = e.resource as GPUBufferBinding;
    if (!r || typeof r !== 'object' || !('buffer' in r)) return null;
    key += `|${e.binding}:${idOf(r.buffer)}:${r.offset ?? 0}:${r.size ?? -1}`;
  }
  return key;
}

/**
 * Cache the device's bind groups and its pipelines' layouts. `existing`: pipelines compiled before
 * this was installed (tfjs' pipeline cache), so that their layouts are stable too.
 */
export function cacheBindGroups(device: Device, existing: Iterable<unknown> = []): BindGroupCache {
  const cache: BindGroupCache = { groups: new Map(), step: 0 };
  for (const p of existing) if (p && typeof (p as GPUComputePipeline).getBindGroupLayout === 'function') memoLayouts(p as GPUComputePipeline);
  const create = device.createComputePipeline.bind(device);
  const createAsync = device.createComputePipelineAsync.bind(device);
  device.createComputePipeline = (d) => memoLayouts(create(d));
  device.createComputePipelineAsync = async (d) => memoLayouts(await createAsync(d));
  const createGroup = device.createBindGroup.bind(device);
  device.createBindGroup = (d) => {
    const key = keyOf(d);
    if (key === null) return createGroup(d);
    const hit = cache.groups.get(key);
    if (hit) {
      hit.used = cache.step;
      return hit.group;
    }
    const group = createGroup(d);
    cache.groups.set(key, { group, used: cache.step });
    return group;
  };
  return cache;
}

/** Drop the groups that the last `keep` steps did not use (call once per step). */
export function pruneBindGroups(cache: BindGroupCache, keep: number): void {
  cache.step++;
  for (const [key, g] of cache.groups) if (cache.step - g.used > keep) cache.groups.delete(key);
}
