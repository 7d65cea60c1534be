import { create, globals } from 'webgpu';
Object.assign(globalThis, globals);
const a = await create(['backend=null']).requestAdapter();
console.log(a.limits.maxBufferSize, a.limits.maxStorageBufferBindingSize, a.limits.maxStorageBuffersPerShaderStage);
const d = await a.requestDevice();
const keep = [];
for (let i = 0; i < 4000; i++) { d.pushErrorScope('out-of-memory'); keep.push(d.createBuffer({ size: 1 << 20, usage: GPUBufferUsage.STORAGE })); const e = await d.popErrorScope(); if (e) { console.log('OOM after MB', i); break; } }
process.exit(0);
