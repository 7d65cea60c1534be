// What every method file provides. A method is a pure loss over a model and explicit state:
// the trainer owns the optimiser, the data and the clock, and never looks inside a method.
import type * as tf from '@tensorflow/tfjs';
import type { Config } from '../../config/schema';
import type { MethodId } from '../../config/methods';
import type { Encoder } from '../models/encoder';
import type { Rng } from '../rng';

export interface Views {
  /** two augmented views of the same N images, [N, 32, 32, 3] in [0, 1]. */
  v1: tf.Tensor4D;
  v2: tf.Tensor4D;
  /** multi-crop methods: local crops [L·N, 16, 16, 3], crop-major (crop l of image i at l·N + i). */
  locals?: tf.Tensor4D;
}

export interface StepContext {
  step: number;
  config: Config;
  /** the run's stream for a method's own randomness (iBOT's masks) */
  rng: Rng;
}

export interface LossOutput<S> {
  loss: tf.Scalar;
  /** extra per-step scalars to chart (e.g. positive-pair accuracy). */
  aux: Record<string, tf.Scalar>;
  /** the method's state after this step (queues, centres…); the same object when stateless. */
  state: S;
}

export interface Method<M, S> {
  id: MethodId;
  /** Local crops per image the trainer should add to the views (multi-crop methods). */
  localCrops?(config: Config): number;
  /** Build a fresh model and initial state from the seeded RNG. */
  create(rng: Rng, config: Config): { model: M; state: S };
  trainable(model: M): tf.Variable[];
  /**
   * The training objective; runs inside the gradient tape. Tensors in the returned state are kept
   * by the trainer (and those of the previous state it replaces are disposed).
   */
  loss(model: M, state: S, views: Views, ctx: StepContext): LossOutput<S>;
  /** After the optimiser's update: momentum targets move here (MoCo's key encoder, BYOL's target). */
  afterStep?(model: M, state: S, ctx: StepContext): S;
  /**
   * Self-distillation methods: the teacher's target distributions over the K prototypes for clean
   * images, [N, K], as the loss would compute them at this step (centre, temperature, Sinkhorn).
   */
  teacherProbs?(model: M, state: S, x: tf.Tensor4D, ctx: { step: number; config: Config }): tf.Tensor2D;
  /**
   * Masked-patch methods: per patch of images x under masks [N·P] (1 = hidden from the student), the
   * teacher's top prototype, the student's, and the patch loss, as this step's loss computes them.
   */
  inspectMasked?(model: M, state: S, x: tf.Tensor4D, masks: Uint8Array, ctx: { step: number; config: Config }): Promise<MaskedInspection>;
  /** A memory-queue method's queue between steps: its length, the next slot written, and how many slots hold real keys. */
  queueOf?(state: S): { size: number; ptr: number; filled: number };
  /** The backbone whose h is kept downstream (its attention maps, when it is the ViT). */
  backbone?(model: M): Encoder;
  /** h (the representation kept downstream) and z (what the loss sees), in evaluation mode. */
  embed(model: M, x: tf.Tensor4D): { h: tf.Tensor2D; z: tf.Tensor2D };
  /** Forward multiply-adds per step of the branches that are trained (they also run backward). */
  macsPerStep(config: Config): number;
  /** Forward multiply-adds per step of momentum targets (forward only). */
  targetMacsPerStep?(config: Config): number;
  dispose(model: M, state: S): void;
}

/** FLOPs of one training step: trained branches ≈ 3 × forward (forward + backward), targets 1 ×. */
export const flopsPerStep = (m: { macsPerStep(c: Config): number; targetMacsPerStep?(c: Config): number }, c: Config) =>
  2 * (3 * m.macsPerStep(c) + (m.targetMacsPerStep?.(c) ?? 0));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMethod = Method<any, any>;

/** What the student makes of masked patches, per patch of n images (see inspectMaskedPatches). */
export interface MaskedInspection {
  /** [n·P] the teacher's top prototype for each patch of the unmasked image */
  teacherTop: Int32Array;
  /** [n·P] the student's top prototype for each patch of the masked image (the prediction, where masked) */
  studentTop: Int32Array;
  /** [n·P] H(teacher, student) of each patch, nats: the patch loss where masked */
  loss: Float32Array;
  /** [n·P] the teacher's probability of its top prototype (how sharp the target is) */
  teacherConfidence: Float32Array;
}
