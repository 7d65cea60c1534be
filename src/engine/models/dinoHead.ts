// DINO's projection head (facebookresearch/dino vision_transformer.py DINOHead): a 3-layer MLP with
// GELU, an ℓ2-normalised bottleneck, then a weight-normalised linear layer with its gain frozen at 1
// (norm_last_layer=True) — so the K logits are cosines between the bottleneck and K unit prototypes.
// Scaled down: hidden 2048 → 128, bottleneck 256 → 64, K 65,536 → `prototypes`.
import * as tf from '@tensorflow/tfjs';
import { batchNorm, batchNormForward, collectVars, dense, denseForward, linearInit, type BatchNorm, type Dense } from '../nn/layers';
import { gelu, unitRows } from '../nn/fused';
import { mm } from '../nn/ops';
import type { Rng } from '../rng';

export const HEAD_HIDDEN = 128;
export const HEAD_BOTTLENECK = 64;

export interface DinoHead {
  fc: Dense[];
  /** DINO's use_bn option: BatchNorm after the two hidden layers */
  bn: BatchNorm[] | null;
  /** [bottleneck, K]: column k is prototype k (normalised in the forward pass) */
  prototypes: tf.Variable;
}


export function createDinoHead(rng: Rng, inDim: number, k: number, name: string, useBatchNorm = false): DinoHead {
  return {
    bn: useBatchNorm ? [batchNorm(HEAD_HIDDEN, `${name}.bn0`), batchNorm(HEAD_HIDDEN, `${name}.bn1`)] : null,
    fc: [dense(rng, inDim, HEAD_HIDDEN, `${name}.fc0`, true, 'vit'), dense(rng, HEAD_HIDDEN, HEAD_HIDDEN, `${name}.fc1`, true, 'vit'), dense(rng, HEAD_HIDDEN, HEAD_BOTTLENECK, `${name}.fc2`, true, 'vit')],
    prototypes: linearInit(rng, [HEAD_BOTTLENECK, k], HEAD_BOTTLENECK, `${name}.prototypes`),
  };
}

function bottleneck(h: DinoHead, x: tf.Tensor2D, training: boolean): tf.Tensor2D {
  const layer = (i: number, y: tf.Tensor2D) => {
    const z = denseForward(h.fc[i], y);
    return gelu(h.bn ? batchNormForward(h.bn[i], z, training) : z) as tf.Tensor2D;
  };
  return denseForward(h.fc[2], layer(1, layer(0, x)));
}

/** The ℓ2-normalised bottleneck, [N, 64]: what the prototypes are compared with. */
export function headBottleneck(h: DinoHead, x: tf.Tensor2D, training = true): tf.Tensor2D {
  return unitRows(bottleneck(h, x, training));
}

/**
 * The weight-normalised last layer with its gain at 1: cosines between the bottleneck rows [N, D]
 * and the K prototype columns of [D, K]. The reference check calls this.
 */
export function prototypeLogits(bottleneckRows: tf.Tensor2D, prototypes: tf.Tensor2D): tf.Tensor2D {
  const w = tf.div(prototypes, tf.maximum(tf.norm(prototypes, 2, 0, true), 1e-12)) as tf.Tensor2D;
  return mm(unitRows(bottleneckRows), w);
}

/** The head's K logits, [N, K]. */
export function headLogits(h: DinoHead, x: tf.Tensor2D): tf.Tensor2D {
  return prototypeLogits(bottleneck(h, x, true), h.prototypes as tf.Tensor2D);
}

export const headMacs = (inDim: number, k: number) => inDim * HEAD_HIDDEN + HEAD_HIDDEN * HEAD_HIDDEN + HEAD_HIDDEN * HEAD_BOTTLENECK + HEAD_BOTTLENECK * k;

export const headVars = (h: DinoHead) => collectVars(h);
