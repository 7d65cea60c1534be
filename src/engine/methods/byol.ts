// BYOL (Grill et al. 2020, arXiv 2006.07733): an online network (encoder → projector → predictor)
// regresses the projection of a slowly moving target network (encoder → projector), with a
// stop-gradient on the target. No negatives. Reference code: deepmind-research byol/
// utils/helpers.py:74-112, byol_experiment.py:227-250, 338-343.
import * as tf from '@tensorflow/tfjs';
import { createEncoder, encoderForward, encoderMacsPerImage, type Encoder } from '../models/encoder';
import { createMlp, mlpForward, type Mlp } from '../models/mlp';
import { collectVars } from '../nn/layers';
import { cloneTree, cosineMomentum, emaUpdateTree } from '../ops/ema';
import { l2Normalize } from './simclr';
import type { Method } from './types';

const encDim = (c: { backbone: string; vitWidth: number }) => (c.backbone === 'vit' ? c.vitWidth : 128);

/**
 * BYOL's loss: mean over the batch of ‖p̂₁ − ẑ₂‖² + ‖p̂₂ − ẑ₁‖², each term 2 − 2cos (range [0, 8]).
 * p: online predictions, z: target projections (the caller stops their gradient).
 */
export function byolLoss(p1: tf.Tensor2D, p2: tf.Tensor2D, z1: tf.Tensor2D, z2: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const term = (p: tf.Tensor2D, z: tf.Tensor2D) => tf.sum(tf.square(tf.sub(l2Normalize(p), l2Normalize(z))), 1);
    return tf.mean(tf.add(term(p1, z2), term(p2, z1))) as tf.Scalar;
  });
}

export interface ByolModel {
  encoder: Encoder;
  projector: Mlp;
  predictor: Mlp | null;
  targetEncoder: Encoder;
  targetProjector: Mlp;
}

export const byol: Method<ByolModel, null> = {
  id: 'byol',
  create(rng, config) {
    const encoder = createEncoder(rng, config);
    // projector 128 → 256 → d, predictor d → 256 → d (BYOL: 4096 → 256, scaled down)
    const projector = createMlp(rng, [encoder.outDim, 256, config.embedDim], config.batchNorm, 'proj');
    const predictor = config.predictor ? createMlp(rng, [config.embedDim, 256, config.embedDim], config.batchNorm, 'pred') : null;
    return { model: { encoder, projector, predictor, targetEncoder: cloneTree(encoder), targetProjector: cloneTree(projector) }, state: null };
  },
  trainable: (m) => collectVars([m.encoder, m.projector, m.predictor]).filter((v) => v.trainable),
  loss(m, state, { v1, v2 }, { config, step }) {
    const n = v1.shape[0];
    const both = tf.concat([v1, v2], 0);
    const z = mlpForward(m.projector, encoderForward(m.encoder, both, true), true);
    const p = m.predictor ? mlpForward(m.predictor, z, true) : z;
    // the target runs in training mode too (batch statistics), as the reference code; its variables
    // are not in the gradient list, which is the stop-gradient
    const t = mlpForward(m.targetProjector, encoderForward(m.targetEncoder, both, true), true);
    const half = (x: tf.Tensor2D, i: number) => tf.slice(x, [i * n, 0], [n, -1]);
    // the τ the target moves by after this step (afterStep), reported so a page can show the schedule
    const targetTau = tf.scalar(cosineMomentum(config.emaMomentum, step, config.steps));
    return { loss: byolLoss(half(p, 0), half(p, 1), half(t, 0), half(t, 1)), aux: { targetTau }, state };
  },
  afterStep(m, state, { config, step }) {
    const tau = cosineMomentum(config.emaMomentum, step, config.steps);
    emaUpdateTree([m.targetEncoder, m.targetProjector], [m.encoder, m.projector], tau);
    return state;
  },
  backbone: (m) => m.encoder,
  embed(m, x) {
    const h = encoderForward(m.encoder, x, false);
    return { h, z: mlpForward(m.projector, h, false) };
  },
  macsPerStep: (c) => 2 * c.batchSize * (encoderMacsPerImage(c) + encDim(c) * 256 + 256 * c.embedDim + (c.predictor ? 2 * 256 * c.embedDim : 0)),
  targetMacsPerStep: (c) => 2 * c.batchSize * (encoderMacsPerImage(c) + encDim(c) * 256 + 256 * c.embedDim),
  dispose(m) {
    collectVars(m).forEach((v) => v.dispose());
  },
};
