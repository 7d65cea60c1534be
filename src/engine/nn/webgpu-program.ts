// The lab's own WebGPU programs, run through tfjs' runWebGPUProgram so that they share its command
// encoder, buffer pool and pipeline cache. A program is WGSL over a thread index (`main(index)`),
// reading its inputs as flat arrays (A, B, … in the order given) and writing `result`; one thread
// per element, per row or per column, as the kernel needs. Only for the webgpu backend: every
// caller keeps a composite tfjs path for wasm, webgl and cpu.
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { BackendInternals } from './webgpu-backend';

export const onWebgpu = (): boolean => tf.getBackend() === 'webgpu';

export const WORKGROUP = 64;

/** Uniform values by name: a number is an f32, `{ i: n }` an i32. */
export type Uniforms = Record<string, number | { i: number }>;

class LabProgram implements WebGPUProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  variableNames: string[];
  uniforms?: string;
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];

  constructor(
    name: string,
    outputShape: number[],
    inputs: number,
    uniforms: Uniforms,
    threads: number,
    private readonly body: string,
    private readonly prelude = '',
  ) {
    this.outputShape = outputShape;
    this.variableNames = Array.from({ length: inputs }, (_, i) => String.fromCharCode(65 + i));
    const decl = Object.entries(uniforms).map(([k, v]) => `${k} : ${typeof v === 'number' ? 'f32' : 'i32'},`);
    if (decl.length) this.uniforms = decl.join(' ');
    this.dispatch = [Math.ceil(threads / WORKGROUP), 1, 1];
    this.shaderKey = `lab_${name}`;
  }

  getUserCode(): string {
    return `${this.prelude}
      fn main(index : i32) {
        ${this.body}
      }`;
  }
}

/**
 * Run `body` on `threads` threads (the body checks its own bounds) and return the new tensor, or
 * write into `into` (its old values readable as `result[i]`; the caller owns it, nothing else shares it).
 * `prelude`: module-scope WGSL before main (workgroup memory). Workgroups are of WORKGROUP threads.
 */
export function runProgram(
  name: string,
  outputShape: number[],
  inputs: tf.Tensor[],
  uniforms: Uniforms,
  threads: number,
  body: string,
  into?: tf.Tensor,
  prelude = '',
): tf.Tensor {
  const backend = tf.backend() as unknown as WebGPUBackend;
  const program = new LabProgram(name, outputShape, inputs.length, uniforms, threads, body, prelude);
  const data = Object.values(uniforms).map((v) => (typeof v === 'number' ? { type: 'float32', data: [v] } : { type: 'int32', data: [v.i] }));
  const infos = inputs.map((t) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }));
  if (into) {
    backend.runWebGPUProgram(program, infos, 'float32', data, { dataId: into.dataId, shape: into.shape, dtype: 'float32' });
    const td = (backend as unknown as BackendInternals).tensorMap.get(into.dataId);
    if (td) td.values = null; // a CPU copy cached by an earlier read is stale now
    return into;
  }
  const out = backend.runWebGPUProgram(program, infos, 'float32', data);
  return tf.engine().makeTensorFromTensorInfo(out);
}
