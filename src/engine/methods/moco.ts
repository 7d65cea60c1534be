// MoCo v2 (He et al. 2020; Chen et al. 2020, arXiv 2003.04297): a query encoder trained by
// InfoNCE against one positive key and a FIFO queue of past keys, the keys coming from a
// momentum (EMA) copy of the encoder. Reference code: facebookresearch/moco@7397dfe
// moco/builder.py:128-173.
//
// Batch-norm leakage: the lab's MoCo preset has no BatchNorm at all (key path included), so keys
// cannot leak which sample is the positive through batch statistics. With `batchNorm` on, the key
// encoder runs ShuffleBN as the official code does across GPUs: the key batch is shuffled and its
// BatchNorm statistics are computed on two halves separately, then unshuffled.
import * as tf from '@tensorflow/tfjs';
import { createEncoder, encoderForward, encoderMacsPerImage, type Encoder } from '../models/encoder';
import { createMlp, mlpForward, type Mlp } from '../models/mlp';
import { collectVars } from '../nn/layers';
import { mm } from '../nn/ops';
import { onWebgpu, runProgram } from '../nn/webgpu-program';
import { cloneTree, emaUpdateTree } from '../ops/ema';
import { permutation, substream } from '../rng';
import { l2Normalize } from './simclr';
import type { Method } from './types';

const encDim = (c: { backbone: string; vitWidth: number }) => (c.backbone === 'vit' ? c.vitWidth : 128);

/**
 * InfoNCE as MoCo computes it. q, k: [N, C] raw outputs; queue: [C, K] normalised keys (a column
 * per key). logits = [q̂·k̂, q̂ᵀ·queue] / T with the positive at index 0; loss = mean CE.
 */
export function mocoInfoNce(q: tf.Tensor2D, k: tf.Tensor2D, queue: tf.Tensor2D, T: number): { loss: tf.Scalar; logits: tf.Tensor2D; accuracy: tf.Scalar } {
  return tf.tidy(() => {
    const qn = l2Normalize(q);
    const kn = l2Normalize(k);
    const pos = tf.sum(tf.mul(qn, kn), 1, true); // [N, 1]
    const neg = mm(qn, queue); // [N, K]
    const logits = tf.div(tf.concat([pos, neg], 1), T) as tf.Tensor2D;
    const loss = tf.neg(tf.mean(tf.sub(tf.slice(logits, [0, 0], [-1, 1]), tf.logSumExp(logits, 1, true)))) as tf.Scalar;
    const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), 0), 'float32')) as tf.Scalar;
    return { loss, logits, accuracy };
  });
}

/**
 * Enqueue after the loss: write the normalised keys into columns ptr…ptr+N−1 (the queue length is a
 * multiple of N, as the official code asserts), and advance the pointer modulo K.
 */
export function mocoEnqueue(queue: tf.Tensor2D, keys: tf.Tensor2D, ptr: number): { queue: tf.Tensor2D; ptr: number } {
  const [c, K] = queue.shape;
  const n = keys.shape[0];
  if (K % n !== 0) throw new Error(`MoCo queue length ${K} must be a multiple of the batch ${n}`);
  const next = tf.tidy(() => {
    // on WebGPU one program writes the new queue (fixed size; the slices' sizes change with ptr)
    if (onWebgpu())
      return runProgram('moco_enqueue', [c, K], [queue, l2Normalize(keys)], { c: { i: c }, k: { i: K }, n: { i: n }, ptr: { i: ptr } }, c * K, `if (index >= uniforms.c * uniforms.k) { return; }
          let row = index / uniforms.k; let col = index % uniforms.k; let j = col - uniforms.ptr;
          result[index] = select(A[index], B[j * uniforms.c + row], j >= 0 && j < uniforms.n);`) as tf.Tensor2D;
    const cols = tf.transpose(l2Normalize(keys)); // [C, N]
    const parts: tf.Tensor2D[] = [];
    if (ptr > 0) parts.push(tf.slice(queue, [0, 0], [c, ptr]));
    parts.push(cols);
    if (ptr + n < K) parts.push(tf.slice(queue, [0, ptr + n], [c, K - ptr - n]));
    return tf.concat(parts, 1) as tf.Tensor2D;
  });
  return { queue: next, ptr: (ptr + n) % K };
}

export interface MocoModel {
  encoder: Encoder;
  head: Mlp;
  keyEncoder: Encoder;
  keyHead: Mlp;
}
export interface MocoState {
  queue: tf.Tensor2D;
  ptr: number;
  /** keys written so far (the queue starts as random unit vectors, as the official code). */
  filled: number;
}

export const moco: Method<MocoModel, MocoState> = {
  id: 'moco',
  create(rng, config) {
    const encoder = createEncoder(rng, config);
    const head = createMlp(rng, [encoder.outDim, 128, config.embedDim], config.batchNorm, 'head');
    // the key encoder starts as an exact copy and only ever moves by EMA
    const keyEncoder = cloneTree(encoder);
    const keyHead = cloneTree(head);
    const K = Math.max(config.batchSize, Math.round(config.queueSize / config.batchSize) * config.batchSize);
    const init = new Float32Array(config.embedDim * K);
    const r = substream(config.seed, 'queue');
    for (let i = 0; i < init.length; i++) init[i] = r() - 0.5;
    const queue = tf.tidy(() => tf.transpose(l2Normalize(tf.transpose(tf.tensor2d(init, [config.embedDim, K])) as tf.Tensor2D)) as tf.Tensor2D);
    return { model: { encoder, head, keyEncoder, keyHead }, state: { queue, ptr: 0, filled: 0 } };
  },
  trainable: (m) => collectVars([m.encoder, m.head]).filter((v) => v.trainable),
  loss(m, state, { v1, v2 }, { config, step }) {
    const q = mlpForward(m.head, encoderForward(m.encoder, v1, true), true);
    const k = tf.tidy(() => {
      if (!config.batchNorm) return mlpForward(m.keyHead, encoderForward(m.keyEncoder, v2, true), true);
      // ShuffleBN: statistics from two shuffled halves, so no key's BN statistics include its query's image
      const n = v2.shape[0];
      const perm = permutation(substream(config.seed + step, 'shufflebn'), n);
      const inv = new Int32Array(n);
      perm.forEach((p, i) => (inv[p] = i));
      const shuffled = tf.gather(v2, tf.tensor1d(perm, 'int32'));
      const half = Math.floor(n / 2);
      const a = mlpForward(m.keyHead, encoderForward(m.keyEncoder, tf.slice(shuffled, [0, 0, 0, 0], [half, -1, -1, -1]), true), true);
      const b = mlpForward(m.keyHead, encoderForward(m.keyEncoder, tf.slice(shuffled, [half, 0, 0, 0], [n - half, -1, -1, -1]), true), true);
      return tf.gather(tf.concat([a, b], 0), tf.tensor1d(inv, 'int32')) as tf.Tensor2D;
    });
    // the key encoder's variables are not in the gradient list: the keys get no gradient
    const keys = k;
    const { loss, accuracy } = mocoInfoNce(q, keys, state.queue, config.temperature);
    const { queue, ptr } = mocoEnqueue(state.queue, keys, state.ptr);
    const filled = Math.min(queue.shape[1], state.filled + keys.shape[0]);
    return { loss, aux: { contrastiveAcc: accuracy, queueFill: tf.scalar(filled / queue.shape[1]) }, state: { queue, ptr, filled } };
  },
  queueOf: (state) => ({ size: state.queue.shape[1], ptr: state.ptr, filled: state.filled }),
  afterStep(m, state, { config }) {
    // θ_k ← m θ_k + (1 − m) θ_q after the query's update: the official code's update "before the
    // keys" of the next step, with a constant momentum
    emaUpdateTree([m.keyEncoder, m.keyHead], [m.encoder, m.head], config.keyMomentum);
    return state;
  },
  backbone: (m) => m.encoder,
  embed(m, x) {
    const h = encoderForward(m.encoder, x, false);
    return { h, z: mlpForward(m.head, h, false) };
  },
  macsPerStep: (c) => c.batchSize * (encoderMacsPerImage(c) + encDim(c) * 128 + 128 * c.embedDim + c.embedDim * c.queueSize),
  targetMacsPerStep: (c) => c.batchSize * (encoderMacsPerImage(c) + encDim(c) * 128 + 128 * c.embedDim),
  dispose(m, state) {
    collectVars(m).forEach((v) => v.dispose());
    state.queue.dispose();
  },
};
