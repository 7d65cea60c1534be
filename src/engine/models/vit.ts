// A tiny Vision Transformer for 32×32 images: 4×4 patches (8×8 tokens) plus a CLS token, pre-norm
// blocks (LayerNorm → multi-head self-attention, LayerNorm → MLP with GELU). Returns the CLS
// feature h and the last block's CLS→patch attention per head, for DINO's attention maps.
// Every op here has a gradient on wasm, webgl and webgpu (checked in vit.test.ts on wasm).
import * as tf from '@tensorflow/tfjs';
import { normal, type Rng } from '../rng';
import { collectVars, constVar, dense, denseForward, type Dense } from '../nn/layers';

export const PATCH = 4;
export const GRID = 8; // 32 / PATCH
export const TOKENS = GRID * GRID + 1;

export interface VitOptions {
  width: number;
  depth: number;
  heads: number;
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
    qkv: dense(rng, d, 3 * d, `b${i}.qkv`),
    proj: dense(rng, d, d, `b${i}.proj`),
    ln2: ln(d, `b${i}.ln2`),
    fc1: dense(rng, d, 2 * d, `b${i}.fc1`),
    fc2: dense(rng, 2 * d, d, `b${i}.fc2`),
  }));
  return {
    kind: 'vit',
    opts,
    patch: dense(rng, PATCH * PATCH * 3, d, 'patch'),
    cls: truncNormal(rng, [1, 1, d], 0.02),
    pos: truncNormal(rng, [1, TOKENS, d], 0.02),
    blocks,
    norm: ln(d, 'norm'),
    outDim: d,
  };
}

function layerNorm(l: LayerNorm, x: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-6))), l.gamma), l.beta);
}

/** GELU, tanh approximation (built from differentiable ops every backend has). */
const gelu = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI)))));

/** x: [B, 32, 32, 3] in [0, 1] → h [B, D] (normalised CLS token) and the last block's CLS→patch attention [B, heads, 64]. */
export function vitForward(enc: VitEncoder, x: tf.Tensor4D): { h: tf.Tensor2D; attention: tf.Tensor3D } {
  const b = x.shape[0];
  const { width: d, heads } = enc.opts;
  const dh = d / heads;
  // patches: [B, 8, 4, 8, 4, 3] → [B, 8, 8, 4, 4, 3] → [B·64, 48]
  const patches = tf.sub(x, 0.5).reshape([b, GRID, PATCH, GRID, PATCH, 3]).transpose([0, 1, 3, 2, 4, 5]).reshape([b * GRID * GRID, PATCH * PATCH * 3]) as tf.Tensor2D;
  const tokens = denseForward(enc.patch, patches).reshape([b, GRID * GRID, d]);
  let z: tf.Tensor = tf.add(tf.concat([tf.tile(enc.cls, [b, 1, 1]), tokens], 1), enc.pos); // [B, T, D]
  let attention: tf.Tensor3D | null = null;
  enc.blocks.forEach((blk, i) => {
    const y = layerNorm(blk.ln1, z).reshape([b * TOKENS, d]) as tf.Tensor2D;
    const qkv = denseForward(blk.qkv, y).reshape([b, TOKENS, 3, heads, dh]).transpose([2, 0, 3, 1, 4]); // [3, B, H, T, dh]
    const [q, k, v] = tf.unstack(qkv).map((t) => t.reshape([b * heads, TOKENS, dh]) as tf.Tensor3D);
    const att = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh))) as tf.Tensor3D; // [B·H, T, T]
    if (i === enc.blocks.length - 1) attention = tf.slice(att.reshape([b, heads, TOKENS, TOKENS]), [0, 0, 0, 1], [b, heads, 1, TOKENS - 1]).reshape([b, heads, TOKENS - 1]) as tf.Tensor3D;
    const mixed = tf.matMul(att, v).reshape([b, heads, TOKENS, dh]).transpose([0, 2, 1, 3]).reshape([b * TOKENS, d]) as tf.Tensor2D;
    z = tf.add(z, denseForward(blk.proj, mixed).reshape([b, TOKENS, d]));
    const y2 = layerNorm(blk.ln2, z).reshape([b * TOKENS, d]) as tf.Tensor2D;
    z = tf.add(z, denseForward(blk.fc2, gelu(denseForward(blk.fc1, y2)) as tf.Tensor2D).reshape([b, TOKENS, d]));
  });
  const cls = tf.slice(layerNorm(enc.norm, z), [0, 0, 0], [b, 1, d]).reshape([b, d]) as tf.Tensor2D;
  return { h: cls, attention: attention! };
}

export const vitVars = (enc: VitEncoder) => collectVars([enc.patch, enc.cls, enc.pos, enc.blocks, enc.norm]);

/** Forward multiply-adds per image. */
export function vitMacsPerImage(o: VitOptions): number {
  const t = TOKENS;
  const d = o.width;
  const perBlock = t * d * 3 * d + 2 * t * t * d + t * d * d + 2 * t * d * 2 * d;
  return GRID * GRID * PATCH * PATCH * 3 * d + o.depth * perBlock;
}
