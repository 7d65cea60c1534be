// What DINO, iBOT and DINOv2 share: a student and an EMA teacher of the same shape (backbone +
// DINO head, and for the patch-level methods an optional second head for patch tokens), the
// teacher-temperature warm-up, the teacher's targets (centring and sharpening, or Sinkhorn-Knopp),
// the cross-view loss of the [CLS] term, and the crops each network sees (the teacher: the two
// global crops; the student: those plus the local crops). Each method file adds what is its own.
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../../config/schema';
import { LOCAL_SIZE } from '../data/types';
import { createEncoder, encoderForward, encoderMacsPerImage, type Encoder } from '../models/encoder';
import { createDinoHead, headBottleneck, headLogits, headMacs, type DinoHead } from '../models/dinoHead';
import { vitForward } from '../models/vit';
import { crossViewFused } from '../nn/crossview-webgpu';
import { collectVars } from '../nn/layers';
import { onWebgpu } from '../nn/webgpu-program';
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

/** Sinkhorn-Knopp teacher normalisation: [N, K] logits → [N, K] probabilities (rows sum to 1). */
export function sinkhornKnopp(teacher: tf.Tensor2D, temp: number, iterations = 3): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, k] = teacher.shape;
    let q = tf.transpose(tf.exp(tf.div(teacher, temp))) as tf.Tensor2D; // [K, B]
    q = tf.div(q, tf.sum(q));
    for (let i = 0; i < iterations; i++) {
      q = tf.div(tf.div(q, tf.sum(q, 1, true)), k); // rows: each prototype gets 1/K of the mass
      q = tf.div(tf.div(q, tf.sum(q, 0, true)), b); // columns: each sample 1/B
    }
    return tf.transpose(tf.mul(q, b)) as tf.Tensor2D;
  });
}

/**
 * The cross-view cross-entropy every DINO-family method shares. student: [nCrops·N, K] logits,
 * crop-major (globals first); teacherProbs: [nGlobal·N, K] targets (rows sum to 1). Mean over every
 * (teacher view, student view) pair except the same view of H(q, softmax(s/τs)), with the teacher's
 * entropy H(q) and KL(q ‖ p) = H(q, p) − H(q) over the same pairs.
 */
export function crossViewLoss(
  student: tf.Tensor2D,
  teacherProbs: tf.Tensor2D,
  nCrops: number,
  studentTemp: number,
  nGlobal = 2,
): { loss: tf.Scalar; teacherEntropy: tf.Scalar; kl: tf.Scalar } {
  if (onWebgpu()) return tf.tidy(() => crossViewFused(tf.logSoftmax(tf.div(student, studentTemp)) as tf.Tensor2D, teacherProbs, nCrops, nGlobal));
  return tf.tidy(() => {
    const s = tf.split(tf.logSoftmax(tf.div(student, studentTemp)), nCrops, 0);
    const q = tf.split(teacherProbs, nGlobal, 0);
    // 0·log 0 = 0 (Sinkhorn-Knopp targets can hold exact zeros)
    const ents = q.map((qi) => tf.mean(tf.neg(tf.sum(tf.mul(qi, tf.log(tf.maximum(qi, 1e-30))), -1))));
    let ce: tf.Tensor = tf.scalar(0);
    let ent: tf.Tensor = tf.scalar(0);
    let terms = 0;
    for (let iq = 0; iq < nGlobal; iq++) {
      for (let v = 0; v < nCrops; v++) {
        if (v === iq) continue;
        ce = tf.add(ce, tf.mean(tf.neg(tf.sum(tf.mul(q[iq], s[v]), -1))));
        ent = tf.add(ent, ents[iq]);
        terms++;
      }
    }
    const loss = tf.div(ce, terms) as tf.Scalar;
    const teacherEntropy = tf.div(ent, terms) as tf.Scalar;
    return { loss, teacherEntropy, kl: tf.sub(loss, teacherEntropy) as tf.Scalar };
  });
}

/** The centre after a step: EMA of the batch mean of the raw teacher logits (updated after the loss). */
export const nextCenter = (center: tf.Tensor2D, teacher: tf.Tensor2D, m: number) =>
  tf.tidy(() => tf.add(tf.mul(center, m), tf.mul(tf.mean(teacher, 0, true), 1 - m)) as tf.Tensor2D);


/** Teacher targets for a batch of logits: centred-and-sharpened softmax, or Sinkhorn-Knopp. */
export function teacherTargets(logits: tf.Tensor2D, center: tf.Tensor2D, temp: number, c: Pick<Config, 'sinkhorn' | 'centering'>): tf.Tensor2D {
  if (c.sinkhorn) return sinkhornKnopp(logits, temp, SINKHORN_ITERATIONS);
  return tf.softmax(tf.div(c.centering ? tf.sub(logits, center) : logits, temp)) as tf.Tensor2D;
}

/** DINOv2's Sinkhorn-Knopp iterations (its default n_iterations). */
export const SINKHORN_ITERATIONS = 3;

export type ClsLossConfig = Pick<Config, 'sinkhorn' | 'centering' | 'centerMomentum' | 'studentTemp' | 'teacherTemp' | 'teacherTempStart' | 'teacherTempWarmup'>;

/**
 * The [CLS] term of DINO, iBOT and DINOv2 from head logits, as training computes it: the teacher's
 * targets at this step's temperature, the cross-view cross-entropy, and the centre after the step
 * (EMA of the raw teacher logits; left alone with centering off). The reference check calls this.
 */
export function clsDistillLoss(student: tf.Tensor2D, teacher: tf.Tensor2D, center: tf.Tensor2D, nCrops: number, c: ClsLossConfig, step: number) {
  const q = teacherTargets(teacher, center, teacherTempAt(c, step), c);
  const out = crossViewLoss(student, q, nCrops, c.studentTemp);
  return { ...out, center: c.centering ? nextCenter(center, teacher, c.centerMomentum) : center };
}

/**
 * What the teacher makes of clean images [N, K] at this step. BatchNorm in its head normalises with
 * these images' own statistics, as in the loss (the running statistics this moves are never used).
 */
export function distillTeacherProbs(m: DistillModel, state: { center: tf.Tensor2D }, x: tf.Tensor4D, { step, config }: { step: number; config: Config }): tf.Tensor2D {
  return tf.tidy(() => teacherTargets(headLogits(m.teacher.head, encoderForward(m.teacher.encoder, x, true)), state.center, teacherTempAt(config, step), config));
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
