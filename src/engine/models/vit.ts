// A tiny Vision Transformer for 32×32 images: 4×4 patches (8×8 tokens) plus a CLS token, pre-norm
// blocks (LayerNorm → multi-head self-attention, LayerNorm → MLP with GELU). Returns the CLS
// feature h and the last block's CLS→patch attention per head, for DINO's attention maps.
// Every op here has a gradient on wasm, webgl and webgpu (checked in vit.test.ts on wasm).
import * as tf from '@tensorflow/tfjs';
import { normal, type Rng } from '../rng';
import { collectVars, constVar, dense, denseForward, type Dense } from '../nn/layers';
import { gelu, layerNorm as fusedLayerNorm } from '../nn/fused';
import { selfAttention } from '../nn/attention';

export const PATCH = 4;
export const GRID = 8; // 32 / PATCH
export const TOKENS = GRID * GRID + 1;

export interface VitOptions {
  width: number;
  depth: number;
  heads: number;
  /** a learned mask embedding for masked patches (iBOT, DINOv2) */
  maskToken?: boolean;
}

interface LayerNorm {
  gamma: tf.Variable;
  beta: tf.Variable;
}
interface Block {
  ln1: LayerNorm;
  qkv: Dense;
  proj: Dense;
  ln2: LayerNorm;
  fc1: Dense;
  fc2: Dense;
}
export interface VitEncoder {
  kind: 'vit';
  opts: VitOptions;
  patch: Dense;
  cls: tf.Variable;
  pos: tf.Variable;
  blocks: Block[];
  norm: LayerNorm;
  maskToken: tf.Variable | null;
  outDim: number;
}

const ln = (d: number, name: string): LayerNorm => ({ gamma: constVar(1, [d], `${name}.g`), beta: constVar(0, [d], `${name}.b`) });
const truncNormal = (rng: Rng, shape: number[], std: number) =>
  tf.tidy(() => tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.max(-2, Math.min(2, normal(rng))) * std), shape)));

export function createVit(rng: Rng, opts: VitOptions): VitEncoder {
  const d = opts.width;
  if (d % opts.heads !== 0) throw new Error(`ViT width ${d} must be a multiple of its ${opts.heads} heads`);
  const blocks = Array.from({ length: opts.depth }, (_, i) => ({
    ln1: ln(d, `b${i}.ln1`),
    qkv: dense(rng, d, 3 * d, `b${i}.qkv`, true, 'vit'),
    proj: dense(rng, d, d, `b${i}.proj`, true, 'vit'),
    ln2: ln(d, `b${i}.ln2`),
    fc1: dense(rng, d, 2 * d, `b${i}.fc1`, true, 'vit'),
    fc2: dense(rng, 2 * d, d, `b${i}.fc2`, true, 'vit'),
  }));
  return {
    kind: 'vit',
    opts,
    patch: dense(rng, PATCH * PATCH * 3, d, 'patch'),
    cls: truncNormal(rng, [1, 1, d], 0.02),
    pos: truncNormal(rng, [1, TOKENS, d], 0.02),
    blocks,
    norm: ln(d, 'norm'),
    maskToken: opts.maskToken ? constVar(0, [1, 1, d], 'maskToken') : null,
    outDim: d,
  };
}

const layerNorm = (l: LayerNorm, x: tf.Tensor) => fusedLayerNorm(x, l.gamma, l.beta, 1e-6);

/** Patch position embeddings for a g×g grid: the 8×8 table, average-pooled for smaller (local) crops. */
function patchPositions(enc: VitEncoder, g: number): tf.Tensor {
  const d = enc.opts.width;
  const table = tf.slice(enc.pos, [0, 1, 0], [1, GRID * GRID, d]);
  if (g === GRID) return table;
  const f = GRID / g;
  if (!Number.isInteger(f)) throw new Error(`ViT input grid ${g} must divide ${GRID}`);
  return tf.mean(table.reshape([g, f, g, f, d]), [1, 3]).reshape([1, g * g, d]);
}

export interface VitOutput {
  /** the normalised CLS token, [B, D] */
  h: tf.Tensor2D;
  /** the normalised patch tokens, [B, P, D] (P = 64 on 32×32 inputs) */
  tokens: tf.Tensor3D;
  /** the last block's CLS→patch attention, [B, heads, P] (with `withAttention`) */
  attention?: tf.Tensor3D;
}

/**
 * x: [B, S, S, 3] in [0, 1] with S = 32 (global crops) or 16, 8 (local crops).
 * mask: [B, P] of 0/1 — masked patches are replaced by the learned mask token (iBOT).
 * withAttention: also return the last block's attention (reports; training does not need it).
 */
export function vitForward(enc: VitEncoder, x: tf.Tensor4D, mask?: tf.Tensor2D, withAttention = false): VitOutput {
  const b = x.shape[0];
  const g = x.shape[1] / PATCH;
  const p = g * g;
  const t = p + 1;
  const { width: d, heads } = enc.opts;
  // patches: [B, g, 4, g, 4, 3] → [B, g, g, 4, 4, 3] → [B·P, 48]
  const patches = tf.sub(x, 0.5).reshape([b, g, PATCH, g, PATCH, 3]).transpose([0, 1, 3, 2, 4, 5]).reshape([b * p, PATCH * PATCH * 3]) as tf.Tensor2D;
  let tokens: tf.Tensor = denseForward(enc.patch, patches).reshape([b, p, d]);
  if (mask) {
    if (!enc.maskToken) throw new Error('this ViT was built without a mask token');
    const m = mask.reshape([b, p, 1]);
    tokens = tf.add(tf.mul(tokens, tf.sub(1, m)), tf.mul(enc.maskToken, m));
  }
  // the CLS token for every image by broadcasting, not tf.tile: tile's gradient is a slice and an
  // add per image (128 dispatches a step on WebGPU), broadcasting's one sum
  const cls = tf.add(tf.add(enc.cls, tf.zeros([b, 1, d])), tf.slice(enc.pos, [0, 0, 0], [1, 1, d]));
  let z: tf.Tensor = tf.concat([cls, tf.add(tokens, patchPositions(enc, g))], 1); // [B, T, D]
  let attention: tf.Tensor3D | null = null;
  enc.blocks.forEach((blk, i) => {
    const y = layerNorm(blk.ln1, z).reshape([b * t, d]) as tf.Tensor2D;
    const last = i === enc.blocks.length - 1;
    const { mixed, probs } = selfAttention({ qkv: denseForward(blk.qkv, y), b, t, heads }, last && withAttention);
    if (probs) attention = tf.slice(probs.reshape([heads, b, t, t]), [0, 0, 0, 1], [heads, b, 1, p]).reshape([heads, b, p]).transpose([1, 0, 2]) as tf.Tensor3D;
    z = tf.add(z, denseForward(blk.proj, mixed).reshape([b, t, d]));
    const y2 = layerNorm(blk.ln2, z).reshape([b * t, d]) as tf.Tensor2D;
    z = tf.add(z, denseForward(blk.fc2, gelu(denseForward(blk.fc1, y2)) as tf.Tensor2D).reshape([b, t, d]));
  });
  const out = layerNorm(enc.norm, z);
  return {
    h: tf.slice(out, [0, 0, 0], [b, 1, d]).reshape([b, d]) as tf.Tensor2D,
    tokens: tf.slice(out, [0, 1, 0], [b, p, d]) as tf.Tensor3D,
    attention: attention ?? undefined,
  };
}

export const vitVars = (enc: VitEncoder) => collectVars([enc.patch, enc.cls, enc.pos, enc.blocks, enc.norm, enc.maskToken]);

/** Forward multiply-adds per image. */
export function vitMacsPerImage(o: VitOptions, size = GRID * PATCH): number {
  const p = (size / PATCH) ** 2;
  const t = p + 1;
  const d = o.width;
  const perBlock = t * d * 3 * d + 2 * t * t * d + t * d * d + 2 * t * d * 2 * d;
  return p * PATCH * PATCH * 3 * d + o.depth * perBlock;
}
