// SimCLR (Chen et al. 2020, arXiv 2002.05709): two augmented views, a shared encoder f → h, a
// projection head g → z, and NT-Xent over the 2N views of the batch.
// Reference code: google-research/simclr tf2/objective.py:35-89 (its loss is 2× the paper's form;
// the lab reports the paper's form, eq. 1 averaged over all 2N anchors, and says so in the UI;
// the reference check holds both values to the file's).
import * as tf from '@tensorflow/tfjs';
import { ntXentFused } from '../nn/ntxent-webgpu';
import { mmT } from '../nn/ops';
import { onWebgpu } from '../nn/webgpu-program';
import { createEncoder, encoderForward, encoderMacsPerImage, encoderVars, type Encoder } from '../models/encoder';
import { createMlp, mlpForward, mlpVars, type Mlp } from '../models/mlp';
import type { Method } from './types';

const encDim = (c: { backbone: string; vitWidth: number }) => (c.backbone === 'vit' ? c.vitWidth : 128);

/** ℓ2-normalise rows (eps 1e-12 on the squared norm, as the reference code). */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-12)));
}

/**
 * NT-Xent in the paper's form: ℓ(i,j) = −log exp(s_ij/τ) / Σ_{k≠i} exp(s_ik/τ), averaged over all
 * 2N anchors. z1, z2: [N, D] raw projections, row i of each a positive pair.
 * Also returns the contrastive accuracy (how often the positive is the most similar view).
 */
export function ntXent(z1: tf.Tensor2D, z2: tf.Tensor2D, temperature: number): { loss: tf.Scalar; accuracy: tf.Scalar } {
  return tf.tidy(() => ntXentRows(tf.concat([z1, z2], 0), temperature));
}

/** NT-Xent of the 2N projections as rows (views 1 then views 2); on WebGPU as a few fused programs. */
export function ntXentRows(zRaw: tf.Tensor2D, temperature: number): { loss: tf.Scalar; accuracy: tf.Scalar } {
  if (onWebgpu()) return ntXentFused(zRaw, temperature);
  return tf.tidy(() => {
    const n = zRaw.shape[0] / 2;
    const z = l2Normalize(zRaw);
    // (2N, 2N) cosine similarities over τ, the self-similarity masked out with −1e9 (as the
    // official code; −∞ would make 0·∞ = NaN in the cross-entropy).
    const logits = tf.sub(tf.div(mmT(z, z), temperature), tf.mul(tf.eye(2 * n), 1e9));
    const za = tf.slice(z, [0, 0], [n, -1]);
    const zb = tf.slice(z, [n, 0], [n, -1]);
    const pos = tf.div(tf.sum(tf.mul(za, zb), 1), temperature); // s_ij/τ, the same for i→j and j→i
    const loss = tf.sub(tf.mean(tf.logSumExp(logits, 1)), tf.mean(pos)) as tf.Scalar;
    const posIndex = tf.concat([tf.range(n, 2 * n, 1, 'int32'), tf.range(0, n, 1, 'int32')]);
    const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), posIndex), 'float32')) as tf.Scalar;
    return { loss, accuracy };
  });
}

export interface SimclrModel {
  encoder: Encoder;
  head: Mlp;
}

export const simclr: Method<SimclrModel, null> = {
  id: 'simclr',
  create(rng, config) {
    const encoder = createEncoder(rng, config);
    // the reference runs' head: 128 → 128 → z (nonlinear, as the paper finds best)
    const head = createMlp(rng, [encoder.outDim, 128, config.embedDim], config.batchNorm, 'head');
    return { model: { encoder, head }, state: null };
  },
  trainable: (m) => [...encoderVars(m.encoder), ...mlpVars(m.head)].filter((v) => v.trainable),
  loss(m, state, { v1, v2 }, { config }) {
    // one forward pass over both views, so BatchNorm (when on) sees the whole 2N batch
    const h = encoderForward(m.encoder, tf.concat([v1, v2], 0), true);
    const z = mlpForward(m.head, h, true);
    const { loss, accuracy } = ntXentRows(z, config.temperature); // rows: the N first views, then the N second
    return { loss, aux: { contrastiveAcc: accuracy }, state };
  },
  backbone: (m) => m.encoder,
  embed(m, x) {
    const h = encoderForward(m.encoder, x, false);
    return { h, z: mlpForward(m.head, h, false) };
  },
  macsPerStep: (c) => 2 * c.batchSize * (encoderMacsPerImage(c) + encDim(c) * 128 + 128 * c.embedDim),
  dispose(m) {
    [...encoderVars(m.encoder), ...mlpVars(m.head)].forEach((v) => v.dispose());
  },
};
