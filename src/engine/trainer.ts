// The training loop: owns the model, the optimiser, the data stream and the clock. Everything it
// reports is a plain function of a trainer in reports/ (a trainer is their read-only view).
// Pure TypeScript + tfjs: no React, no DOM, no postMessage — the worker and the Node tools
// drive the same class.
import * as tf from '@tensorflow/tfjs';
import type { MethodId } from '../config/methods';
import { splitPatch, type Config, type ConfigPatch, type ParamName } from '../config/schema';
import { applyViews, sampleViewParams, toTensor, type ViewParams } from './data/augment';
import { LOCAL_SIZE, subset, type Dataset, type ImageSet } from './data/types';
import { getMethod } from './methods';
import type { AnyMethod } from './methods/types';
import { releaseIdleBuffers } from './nn/webgpu-backend';
import { createOptimizer, learningRateAt, type Optimizer } from './optim';
import { permutation, substream, type Rng } from './rng';
import { disposeReplaced, tensorsIn } from './tensors';

export interface StepRecord {
  step: number;
  loss: number;
  lr: number;
  ms: number;
  [aux: string]: number;
}

/** h (the representation kept downstream) and z (what the loss sees) of a set, as [n, d] rows. */
export interface Features {
  h: Float32Array;
  z: Float32Array;
  dh: number;
  dz: number;
}

export class NonFiniteLossError extends Error {
  constructor(
    readonly step: number,
    readonly value: number,
  ) {
    super(`The loss became ${value} at step ${step}.`);
  }
}

/** What reports may use of a trainer: they read, embed and draw views; only the memory report trains (one step). */
export type TrainerView = Pick<Trainer, 'method' | 'config' | 'step' | 'data' | 'model' | 'state' | 'makeViews' | 'makeLocals' | 'features' | 'trainStep'>;

export class Trainer {
  readonly method: AnyMethod;
  config: Config;
  step = 0;
  private net: unknown;
  private methodState: unknown;
  private optimizer: Optimizer;
  private order: Int32Array;
  private cursor = 0;
  private readonly batchRng: Rng;
  private readonly augRng: Rng;
  private readonly methodRng: Rng;
  /**
   * Awaited between the chunks of `features`: where a report measured in the background lets
   * training have its turn (worker/background.ts). It may throw to abandon the report.
   */
  pace: (() => Promise<void>) | null = null;

  constructor(
    readonly methodId: MethodId,
    config: Config,
    readonly data: Dataset,
  ) {
    this.config = { ...config };
    this.method = getMethod(methodId);
    const created = this.method.create(substream(config.seed, 'init'), this.config);
    this.net = created.model;
    this.methodState = created.state;
    this.optimizer = createOptimizer(config.optimizer);
    this.batchRng = substream(config.seed, 'batches');
    this.augRng = substream(config.seed, 'augment');
    this.methodRng = substream(config.seed, 'method');
    this.order = permutation(this.batchRng, data.train.n);
  }

  /** The method's model (read it; only training changes it). */
  get model(): unknown {
    return this.net;
  }

  /** The method's state between steps (MoCo's queue, DINO's centre). */
  get state(): unknown {
    return this.methodState;
  }

  /** Apply live parameters; returns the names that would need a new model (not applied). */
  setParams(patch: ConfigPatch): ParamName[] {
    const { live, reset } = splitPatch(patch, this.config);
    Object.assign(this.config, live);
    return reset;
  }

  private nextBatch(): ImageSet {
    const n = this.config.batchSize;
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (this.cursor >= this.order.length) {
        this.order = permutation(this.batchRng, this.data.train.n);
        this.cursor = 0;
      }
      idx[i] = this.order[this.cursor++];
    }
    return subset(this.data.train, idx);
  }

  /** Two views per image of `set`, with the RNG given (training draws from the run's stream). */
  makeViews(set: ImageSet, rng: Rng): { v1: tf.Tensor4D; v2: tf.Tensor4D; params: ViewParams[] } {
    const params = Array.from({ length: 2 * set.n }, () => sampleViewParams(rng, this.config));
    const [v1, v2] = tf.tidy(() => {
      const views = applyViews(toTensor(set.pixels, set.n, set.channels), params);
      return [tf.slice(views, [0, 0, 0, 0], [set.n, -1, -1, -1]) as tf.Tensor4D, tf.slice(views, [set.n, 0, 0, 0], [set.n, -1, -1, -1]) as tf.Tensor4D];
    });
    return { v1, v2, params };
  }

  /** `count` local crops per image of `set` (16×16, area 0.05 up to the global crops' minimum), crop-major. */
  makeLocals(set: ImageSet, count: number, rng: Rng): tf.Tensor4D {
    const hi = this.config.cropMinScale;
    const params = Array.from({ length: count * set.n }, () => sampleViewParams(rng, this.config, [Math.min(0.05, hi / 2), hi]));
    return tf.tidy(() => applyViews(toTensor(set.pixels, set.n, set.channels), params, LOCAL_SIZE));
  }

  get learningRate(): number {
    return learningRateAt(this.step, this.config.lr, this.config.warmupSteps, this.config.steps);
  }

  /** One optimisation step. Throws NonFiniteLossError (leaving the weights untouched) on NaN/∞. */
  async trainStep(): Promise<StepRecord> {
    const t0 = performance.now();
    const batch = this.nextBatch();
    const { v1, v2 } = this.makeViews(batch, this.augRng);
    const nLocal = this.method.localCrops?.(this.config) ?? 0;
    const locals = nLocal > 0 ? this.makeLocals(batch, nLocal, this.augRng) : undefined;
    const ctx = { step: this.step, config: this.config, rng: this.methodRng };
    const vars = this.method.trainable(this.net);
    let nextState: unknown = this.methodState;
    const auxNames: string[] = [];
    const { value, grads, aux } = tf.tidy(() => {
      const auxOut: tf.Scalar[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const out = this.method.loss(this.net, this.methodState, { v1, v2, locals }, ctx);
        nextState = out.state;
        tensorsIn(out.state).forEach((t) => tf.keep(t));
        for (const [k, t] of Object.entries(out.aux)) {
          auxNames.push(k);
          auxOut.push(tf.keep(t));
        }
        return out.loss;
      }, vars);
      return { value, grads, aux: auxOut };
    });
    tf.dispose([v1, v2, ...(locals ? [locals] : [])]);
    // one readback for the loss and its diagnostics: on WebGPU each read is a copy, a submit and a map
    const stacked = aux.length ? tf.stack([value, ...aux]) : value;
    const values = await stacked.data();
    tf.dispose([stacked, value, ...aux]);
    const loss = values[0];
    const lr = this.learningRate;
    if (!Number.isFinite(loss)) {
      tf.dispose(grads);
      disposeReplaced(nextState, this.methodState); // the rejected state goes; the current one stays
      throw new NonFiniteLossError(this.step, loss);
    }
    this.optimizer.apply(
      vars,
      vars.map((v) => grads[v.name]),
      lr,
      this.config.weightDecay,
    );
    tf.dispose(grads);
    disposeReplaced(this.methodState, nextState);
    this.methodState = this.method.afterStep ? this.method.afterStep(this.net, nextState, ctx) : nextState;
    this.step += 1;
    releaseIdleBuffers();
    const rec: StepRecord = { step: this.step, loss, lr, ms: performance.now() - t0 };
    auxNames.forEach((k, i) => (rec[k] = values[i + 1]));
    return rec;
  }

  /** Features of a set in evaluation mode, in chunks: h and z as [n, d] arrays. */
  async features(set: ImageSet, chunk = this.config.backbone === 'vit' ? 128 : 500): Promise<Features> {
    const hs: Float32Array[] = [];
    const zs: Float32Array[] = [];
    let dh = 0;
    let dz = 0;
    for (let s = 0; s < set.n; s += chunk) {
      const part = subset(set, Array.from({ length: Math.min(chunk, set.n - s) }, (_, i) => s + i));
      const { h, z } = tf.tidy(() => this.method.embed(this.net, toTensor(part.pixels, part.n, part.channels)));
      dh = h.shape[1];
      dz = z.shape[1];
      hs.push((await h.data()) as Float32Array);
      zs.push((await z.data()) as Float32Array);
      h.dispose();
      z.dispose();
      if (this.pace && s + chunk < set.n) await this.pace();
    }
    const cat = (parts: Float32Array[]) => {
      const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    };
    return { h: cat(hs), z: cat(zs), dh, dz };
  }

  dispose(): void {
    this.method.dispose(this.net, this.methodState);
    // whatever the method's state still holds (DINO's centres were left behind); disposing twice is a no-op
    tensorsIn(this.methodState).forEach((t) => t.dispose());
    this.optimizer.dispose();
  }
}
