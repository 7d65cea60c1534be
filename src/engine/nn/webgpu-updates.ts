// The element-wise updates that run once per parameter tensor every step — AdamW, SGD, EMA — on
// WebGPU as one dispatch per group of tensors, where tfjs' ops take 5–14 per tensor (with a scalar
// upload per JS number). A tfjs program writes one output; these are raw WGSL pipelines whose
// bindings are all read-write, recorded through the backend's own recordAndSubmit so that they
// share its command encoder, submit batching and deferred disposal. Eight storage buffers per
// stage (WebGPU's default limit) hold two tensors' AdamW or SGD updates (weights, moments,
// gradient) or four EMA updates. AdamW's moments are packed as [m | v]. The composite tfjs paths
// stay in optim.ts and ops/ema.ts for the other backends and for tensors that share a buffer.
import * as tf from '@tensorflow/tfjs';
import type { BackendInternals } from './webgpu-backend';
import { onWebgpu } from './webgpu-program';

export const fusedUpdates = onWebgpu;

/** One tensor's update: the tensors it writes (the parameter first) and the ones it reads. */
export interface UpdateItem {
  writes: tf.Tensor[];
  reads: tf.Tensor[];
}

interface Kind {
  writes: number;
  reads: number;
  uniforms: string[];
  /** WGSL for item k at element i: tensor j written as W{j}, read as R{j}, uniforms as u.x, its size u.n */
  body: string;
}
const KINDS = {
  adam: {
    writes: 2,
    reads: 1,
    uniforms: ['b1', 'nb1', 'b2', 'nb2', 'lr', 'decay', 'c1', 'c2', 'eps'],
    body: `let g = R0[i];
      let m = u.b1 * W1[i] + u.nb1 * g;
      let v = u.b2 * W1[i + n] + u.nb2 * g * g;
      W1[i] = m; W1[i + n] = v;
      W0[i] = W0[i] * u.decay - (m / u.c1) / (sqrt(v / u.c2) + u.eps) * u.lr;`,
  },
  sgd: { writes: 2, reads: 1, uniforms: ['mu', 'lr', 'decay'], body: 'let b = u.mu * W1[i] + R0[i]; W1[i] = b; W0[i] = W0[i] * u.decay - b * u.lr;' },
  ema: { writes: 1, reads: 1, uniforms: ['m', 'nm'], body: 'W0[i] = u.m * W0[i] + u.nm * R0[i];' },
  /** BatchNorm's running statistics from the batch's [mean | var]: momentum 0.1, the variance times its unbiasing factor f */
  bnRunning: { writes: 2, reads: 1, uniforms: ['f'], body: 'W0[i] = 0.9 * W0[i] + 0.1 * R0[i]; W1[i] = 0.9 * W1[i] + u.f * R0[i + n];' },
} satisfies Record<string, Kind>;
export type UpdateKind = keyof typeof KINDS;

const MAX_STORAGE = 8;
const WG = 64;

function shader(kind: Kind, k: number): string {
  const per = kind.writes + kind.reads;
  const decls: string[] = [];
  const bodies: string[] = [];
  for (let item = 0; item < k; item++) {
    const names: Record<string, string> = {};
    for (let j = 0; j < per; j++) {
      const write = j < kind.writes;
      const name = `${write ? 'w' : 'r'}${item}_${write ? j : j - kind.writes}`;
      names[write ? `W${j}` : `R${j - kind.writes}`] = name;
      decls.push(`@group(0) @binding(${item * per + j}) var<storage, ${write ? 'read_write' : 'read'}> ${name} : array<f32>;`);
    }
    const body = kind.body.replace(/\b([WR]\d)\[/g, (_, t: string) => `${names[t]}[`);
    bodies.push(`if (i < u.n${item}) { let n = u.n${item}; ${body} }`);
  }
  // tfjs' uniform layout for a pixels-op program: the output's strides (one i32 here), then ours, 4 bytes each
  const fields = ['strides : i32', ...kind.uniforms.map((x) => `${x} : f32`), ...Array.from({ length: k }, (_, i) => `n${i} : i32`)];
  return `struct U { ${fields.join(', ')} };
    ${decls.join('\n')}
    @group(0) @binding(${k * per}) var<uniform> u : U;
    @compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
      let i = i32(gid.x);
      ${bodies.join('\n')}
    }`;
}

const pipelines = new WeakMap<object, Map<string, GPUComputePipeline>>();

interface Recorder extends BackendInternals {
  recordAndSubmit(program: object, output: tf.TensorInfo, inputs: tf.TensorInfo[], uniforms: { type: string; data: number[] }[]): void;
}

/**
 * Apply `kind` to every item (each parameter tensor's update) that owns its buffers, in groups;
 * returns the items left for the caller's composite path (another backend, or a written tensor
 * whose buffer another tensor shares — a fresh clone shares its source's).
 */
export function groupedUpdate(kind: UpdateKind, items: UpdateItem[], values: Record<string, number>): UpdateItem[] {
  if (!onWebgpu()) return items;
  const backend = tf.backend() as unknown as Recorder & { device: GPUDevice };
  const owned = (t: tf.Tensor) => t.dtype === 'float32' && backend.tensorMap.get(t.dataId)?.refCount === 1;
  const k = KINDS[kind] as Kind;
  const mine = items.filter((it) => it.writes.every(owned) && it.writes[0].size <= 65535 * WG);
  const left = items.filter((it) => !mine.includes(it));
  const perGroup = Math.floor(MAX_STORAGE / (k.writes + k.reads));
  let cache = pipelines.get(backend);
  if (!cache) pipelines.set(backend, (cache = new Map()));
  for (let s = 0; s < mine.length; s += perGroup) {
    const group = mine.slice(s, s + perGroup);
    const key = `${kind}_${group.length}`;
    if (!cache.has(key)) {
      const module = backend.device.createShaderModule({ code: shader(k, group.length) });
      cache.set(key, backend.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } }));
    }
    const tensors = group.flatMap((it) => [...it.writes, ...it.reads]);
    tensors.forEach((t) => backend.uploadToGPU(t.dataId));
    const infos = tensors.map((t) => ({ dataId: t.dataId, shape: [t.size], dtype: t.dtype }));
    const threads = Math.max(...group.map((it) => it.writes[0].size));
    const program = { pipeline: cache.get(key)!, pixelsOpType: 0, dispatch: [Math.ceil(threads / WG), 1, 1], shaderKey: `lab_${key}` };
    const uniforms = [...k.uniforms.map((x) => ({ type: 'float32', data: [values[x]] })), ...group.map((it) => ({ type: 'int32', data: [it.writes[0].size] }))];
    backend.recordAndSubmit(program, infos[0] as tf.TensorInfo, infos.slice(1) as tf.TensorInfo[], uniforms);
    for (const it of group) for (const t of it.writes) backend.tensorMap.get(t.dataId)!.values = null; // CPU copies are stale
  }
  return left;
}
