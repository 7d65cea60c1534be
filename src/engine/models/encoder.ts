// The backbone f behind every method: the small CNN or the tiny ViT (`backbone=`).
import type * as tf from '@tensorflow/tfjs';
import type { Config } from '../../config/schema';
import type { Rng } from '../rng';
import { cnnForward, cnnMacsPerImage, cnnVars, createCnn, type CnnEncoder } from './cnn';
import { createVit, vitForward, vitMacsPerImage, vitVars, type VitEncoder } from './vit';

export type Encoder = CnnEncoder | VitEncoder;

const vitOptions = (c: Config) => ({ width: c.vitWidth, depth: c.vitDepth, heads: c.vitHeads });

/** `maskToken`: the ViT gets iBOT's learned mask embedding. */
export function createEncoder(rng: Rng, config: Config, maskToken = false): Encoder {
  return config.backbone === 'vit' ? createVit(rng, { ...vitOptions(config), maskToken }) : createCnn(rng, config.batchNorm);
}

/** x: [B, 32, 32, 3] in [0, 1] → h: [B, outDim]. (The ViT has no BatchNorm: `training` only matters to the CNN.) */
export function encoderForward(enc: Encoder, x: tf.Tensor4D, training: boolean): tf.Tensor2D {
  return enc.kind === 'vit' ? vitForward(enc, x).h : cnnForward(enc, x, training);
}

export const encoderVars = (enc: Encoder) => (enc.kind === 'vit' ? vitVars(enc) : cnnVars(enc));

export const encoderMacsPerImage = (c: Config, size = 32) => (c.backbone === 'vit' ? vitMacsPerImage(vitOptions(c), size) : cnnMacsPerImage(size));
