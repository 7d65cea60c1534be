import { describe, expect, it } from 'vitest';
import { cacheBindGroups, pruneBindGroups } from './webgpu-bindgroups';

/** A device that makes bind groups and pipelines as plain objects, recording each call. */
function fakeDevice() {
  const made: GPUBindGroupDescriptor[] = [];
  let layouts = 0;
  const pipeline = () => ({ getBindGroupLayout: (i: number) => ({ layout: i, n: layouts++ }) }) as unknown as GPUComputePipeline;
  const device = {
    createBindGroup: (d: GPUBindGroupDescriptor) => (made.push(d), { made: made.length } as unknown as GPUBindGroup),
    createComputePipeline: (_d?: GPUComputePipelineDescriptor) => pipeline(),
    createComputePipelineAsync: async (_d?: GPUComputePipelineDescriptor) => pipeline(),
  };
  return { device, made, layoutsMade: () => layouts };
}
const buf = (name: string) => ({ name }) as unknown as GPUBuffer;
const group = (layout: GPUBindGroupLayout, ...entries: GPUBufferBinding[]): GPUBindGroupDescriptor => ({ layout, entries: entries.map((resource, binding) => ({ binding, resource })) });

describe('the bind group cache', () => {
  it('gives the same group for the same layout and buffer ranges, and a new one when any of them differs', () => {
    const { device, made } = fakeDevice();
    cacheBindGroups(device);
    const layout = device.createComputePipeline({} as GPUComputePipelineDescriptor).getBindGroupLayout(0);
    const [a, b, u] = [buf('a'), buf('b'), buf('u')];
    const first = device.createBindGroup(group(layout, { buffer: a }, { buffer: b }, { buffer: u, offset: 0, size: 48 }));
    expect(device.createBindGroup(group(layout, { buffer: a }, { buffer: b }, { buffer: u, offset: 0, size: 48 }))).toBe(first);
    expect(made).toHaveLength(1);
    device.createBindGroup(group(layout, { buffer: b }, { buffer: a }, { buffer: u, offset: 0, size: 48 }));
    device.createBindGroup(group(layout, { buffer: a }, { buffer: b }, { buffer: u, offset: 0, size: 32 }));
    device.createBindGroup(group(layout, { buffer: a }, { buffer: b }, { buffer: u, offset: 16, size: 32 }));
    device.createBindGroup(group(device.createComputePipeline({} as GPUComputePipelineDescriptor).getBindGroupLayout(0), { buffer: a }, { buffer: b }, { buffer: u, offset: 0, size: 48 }));
    expect(made).toHaveLength(5);
  });

  it('asks each pipeline for its layout once, those compiled before it was installed included', async () => {
    const { device, layoutsMade } = fakeDevice();
    const before = device.createComputePipeline();
    cacheBindGroups(device, [before, Promise.resolve(null)]);
    const sync = device.createComputePipeline({} as GPUComputePipelineDescriptor);
    const async = await device.createComputePipelineAsync({} as GPUComputePipelineDescriptor);
    for (const p of [before, sync, async]) expect(p.getBindGroupLayout(0)).toBe(p.getBindGroupLayout(0));
    expect(layoutsMade()).toBe(3);
  });

  it('does not cache a group that binds anything but buffers', () => {
    const { device, made } = fakeDevice();
    cacheBindGroups(device);
    const layout = device.createComputePipeline({} as GPUComputePipelineDescriptor).getBindGroupLayout(0);
    const view = {} as GPUTextureView;
    const d = { layout, entries: [{ binding: 0, resource: view }] };
    device.createBindGroup(d);
    device.createBindGroup(d);
    expect(made).toHaveLength(2);
  });

  it('drops a group that `keep` steps did not use, and keeps one in use', () => {
    const { device, made } = fakeDevice();
    const cache = cacheBindGroups(device);
    const layout = device.createComputePipeline({} as GPUComputePipelineDescriptor).getBindGroupLayout(0);
    const [a, b] = [buf('a'), buf('b')];
    const every = group(layout, { buffer: a });
    const once = group(layout, { buffer: b });
    device.createBindGroup(once);
    for (let s = 0; s < 4; s++) {
      device.createBindGroup(every);
      pruneBindGroups(cache, 2);
    }
    expect(made).toHaveLength(2);
    expect(cache.groups.size).toBe(1);
    device.createBindGroup(once);
    expect(made).toHaveLength(3);
  });
});
