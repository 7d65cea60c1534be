// SimSiam (Chen & He 2021, arXiv 2011.10566): one shared encoder and projector, a predictor on one
// side, and a stop-gradient on the other — no negatives, no momentum encoder.
// Reference code: facebookresearch/simsiam main_simsiam.py:191,295, simsiam/builder.py:24-61.
import * as tf from '@tensorflow/tfjs';
import { createEncoder, encoderForward, encoderMacsPerImage, type Encoder } from '../models/encoder';
import { createMlp, mlpForward, type Mlp } from '../models/mlp';
import { collectVars } from '../nn/layers';
import { l2Normalize } from './simclr';
import type { Method } from './types';

const encDim = (c: { backbone: string; vitWidth: number }) => (c.backbone === 'vit' ? c.vitWidth : 128);

/** −½ (mean cos(p₁, z₂) + mean cos(p₂, z₁)); range [−1, 1], −1 = perfect agreement (or collapse). */
export function simsiamLoss(p1: tf.Tensor2D, p2: tf.Tensor2D, z1: tf.Tensor2D, z2: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const cos = (p: tf.Tensor2D, z: tf.Tensor2D) => tf.mean(tf.sum(tf.mul(l2Normalize(p), l2Normalize(z)), 1));
    return tf.mul(tf.add(cos(p1, z2), cos(p2, z1)), -0.5) as tf.Scalar;
  });
}

export interface SimsiamModel {
  encoder: Encoder;
  projector: Mlp;
  predictor: Mlp | null;
}

export const simsiam: Method<SimsiamModel, null> = {
  id: 'simsiam',
  create(rng, config) {
    const encoder = createEncoder(rng, config);
    const projector = createMlp(rng, [encoder.outDim, 256, config.embedDim], config.batchNorm, 'proj');
    // the paper's bottleneck predictor: d → d/4 → d
    const hidden = Math.max(8, Math.round(config.embedDim / 4));
    const predictor = config.predictor ? createMlp(rng, [config.embedDim, hidden, config.embedDim], config.batchNorm, 'pred') : null;
    return { model: { encoder, projector, predictor }, state: null };
  },
  trainable: (m) => collectVars([m.encoder, m.projector, m.predictor]).filter((v) => v.trainable),
  loss(m, state, { v1, v2 }, { config }) {
    const n = v1.shape[0];
    const z = mlpForward(m.projector, encoderForward(m.encoder, tf.concat([v1, v2], 0), true), true);
    const p = m.predictor ? mlpForward(m.predictor, z, true) : z;
    // stop-gradient: the targets are the same z, with their gradient cut
    const target = config.stopGrad ? tf.customGrad(((x: tf.Tensor) => ({ value: x.clone(), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) })) as never)(z) : z;
    const half = (x: tf.Tensor, i: number) => tf.slice(x as tf.Tensor2D, [i * n, 0], [n, -1]);
    return { loss: simsiamLoss(half(p, 0), half(p, 1), half(target, 0), half(target, 1)), aux: {}, state };
  },
  backbone: (m) => m.encoder,
  embed(m, x) {
    const h = encoderForward(m.encoder, x, false);
    return { h, z: mlpForward(m.projector, h, false) };
  },
  macsPerStep: (c) => 2 * c.batchSize * (encoderMacsPerImage(c) + encDim(c) * 256 + 256 * c.embedDim + (c.predictor ? 2 * c.embedDim * Math.max(8, Math.round(c.embedDim / 4)) : 0)),
  dispose(m) {
    collectVars(m).forEach((v) => v.dispose());
  },
};
