// What DINO, iBOT and DINOv2 share: a student and an EMA teacher of the same shape (backbone +
// DINO head, and for the patch-level methods an optional second head for patch tokens), the
// teacher-temperature warm-up, and the crops each network sees (the teacher: the two global crops;
// the student: those plus the local crops). Each method file adds its own loss.
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../../config/schema';
import { LOCAL_SIZE } from '../data/types';
import { createEncoder, encoderForward, encoderMacsPerImage, type Encoder } from '../models/encoder';
import { createDinoHead, headBottleneck, headMacs, type DinoHead } from '../models/dinoHead';
import { vitForward } from '../models/vit';
import { collectVars } from '../nn/layers';
import { cloneTree, cosineMomentum, emaUpdateTree } from '../ops/ema';
import type { Rng } from '../rng';
import type { Views } from './types';

export interface DistillNet {
  encoder: Encoder;
  head: DinoHead;
  /** untied heads (DINOv2, iBOT without sharedHead): a second head for patch tokens */
  patchHead: DinoHead | null;
}
export interface DistillModel {
  student: DistillNet;
  /** same shape as the student; not trained, moved by EMA after each step */
  teacher: DistillNet;
}

const encDim = (c: Config) => (c.backbone === 'vit' ? c.vitWidth : 128);

export function createDistillModel(rng: Rng, config: Config, patches: boolean): DistillModel {
  if (patches && config.backbone !== 'vit') throw new Error('This method scores patch tokens: it needs backbone=vit.');
  const encoder = createEncoder(rng, config, patches);
  const head = createDinoHead(rng, encDim(config), config.prototypes, 'head', config.batchNorm);
  const patchHead = patches && !config.sharedHead ? createDinoHead(rng, encDim(config), config.prototypes, 'patchHead', config.batchNorm) : null;
  const student = { encoder, head, patchHead };
  return { student, teacher: cloneTree(student) };
}

export const studentVars = (m: DistillModel) => collectVars(m.student).filter((v) => v.trainable);

/**
 * The teacher temperature at a step: over the first `teacherTempWarmup` steps a linear ramp from
 * teacherTempStart to `end` with both ends included (DINO's np.linspace over its warm-up epochs),
 * then `end`.
 */
export function teacherTempAt(c: Pick<Config, 'teacherTemp' | 'teacherTempStart' | 'teacherTempWarmup'>, step: number, end = c.teacherTemp): number {
  if (step >= c.teacherTempWarmup) return end;
  if (c.teacherTempWarmup === 1) return c.teacherTempStart;
  return c.teacherTempStart + ((end - c.teacherTempStart) * step) / (c.teacherTempWarmup - 1);
}

/** The teacher follows the student: EMA with DINO's cosine schedule from emaMomentum to 1. */
export function teacherFollows(m: DistillModel, c: Config, step: number): void {
  emaUpdateTree(m.teacher, m.student, cosineMomentum(c.emaMomentum, step, c.steps));
}

/** Backbone CLS features of the two global crops, [2N, D], in crop-major order. */
export function globalsOf(views: Views): tf.Tensor4D {
  return tf.concat([views.v1, views.v2], 0);
}

/** Student CLS features of every crop, [(2 + L)·N, D]: the globals (optionally masked), then the locals. */
export function studentFeatures(net: DistillNet, views: Views, mask?: tf.Tensor2D): { cls: tf.Tensor2D; globalCls: tf.Tensor2D; tokens?: tf.Tensor3D } {
  const g = globalsOf(views);
  let globalCls: tf.Tensor2D;
  let tokens: tf.Tensor3D | undefined;
  if (net.encoder.kind === 'vit') {
    const out = vitForward(net.encoder, g, mask);
    globalCls = out.h;
    tokens = out.tokens;
  } else globalCls = encoderForward(net.encoder, g, true);
  const cls = views.locals ? (tf.concat([globalCls, encoderForward(net.encoder, views.locals, true)], 0) as tf.Tensor2D) : globalCls;
  return { cls, globalCls, tokens };
}

export function embedDistill(m: DistillModel, x: tf.Tensor4D): { h: tf.Tensor2D; z: tf.Tensor2D } {
  const h = encoderForward(m.student.encoder, x, false);
  return { h, z: headBottleneck(m.student.head, h, false) };
}

/** Forward multiply-adds of the student per step: 2 global + L local crops through backbone and head (+ patch tokens). */
export function studentMacs(c: Config, patchTokens: number): number {
  const n = c.batchSize;
  const head = headMacs(encDim(c), c.prototypes);
  return n * (2 * (encoderMacsPerImage(c) + head) + c.localCrops * (encoderMacsPerImage(c, LOCAL_SIZE) + head) + 2 * patchTokens * head);
}
export function teacherMacs(c: Config, patchTokens: number): number {
  const head = headMacs(encDim(c), c.prototypes);
  return 2 * c.batchSize * (encoderMacsPerImage(c) + head + patchTokens * head);
}

export function disposeDistill(m: DistillModel): void {
  collectVars(m).forEach((v) => v.dispose());
}

/** The Method members DINO, iBOT and DINOv2 share: crops, trained variables, the EMA teacher after each step, embedding, disposal. */
export const distillMembers = {
  localCrops: (c: Config) => c.localCrops,
  trainable: studentVars,
  afterStep<S>(m: DistillModel, state: S, ctx: { config: Config; step: number }): S {
    teacherFollows(m, ctx.config, ctx.step);
    return state;
  },
  backbone: (m: DistillModel) => m.student.encoder,
  embed: embedDistill,
  dispose: (m: DistillModel) => disposeDistill(m),
};
