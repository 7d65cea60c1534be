// The training engine: owns the model, the optimiser, the data stream and the clock.
// Pure TypeScript + tfjs: no React, no DOM, no postMessage — the worker and the Node tools
// drive the same class.
import * as tf from '@tensorflow/tfjs';
import type { MethodId } from '../config/methods';
import { SCHEMA, type Config, type ConfigPatch, type ParamName } from '../config/schema';
import { applyViews, sampleViewParams, toTensor, type ViewParams } from './data/augment';
import { head, IMAGE_SIZE, LOCAL_SIZE, subset, type Dataset, type ImageSet } from './data/types';
import { attentionJaccard, bestDiscPrior } from './metrics/attention';
import { GRID, vitForward } from './models/vit';
import { blockMasks } from './methods/ibot';
import { foregroundJaccard, patchPcaMaps } from './metrics/patchPca';
import { alignment, l2NormalizeRows, meanPairwiseCosine, normalizedStd, rankMeOfSingularValues, singularValues, uniformity } from './metrics/diagnostics';
import { accuracy, KNN_DEFAULTS, knnPredict } from './metrics/knn';
import { linearProbe, PROBE_DEFAULTS, rotate90 } from './metrics/linearProbe';
import { pca2 } from './metrics/pca';
import { getMethod } from './methods';
import type { AnyMethod } from './methods/types';
import { createOptimizer, learningRateAt, type Optimizer } from './optim';
import { permutation, substream, type Rng } from './rng';

export interface StepRecord {
  step: number;
  loss: number;
  lr: number;
  ms: number;
  [aux: string]: number;
}

export interface EvalRecord {
  step: number;
  knn: number;
  alignment: number;
  uniformity: number;
  std: number;
  rankme: number;
}

/** What the geometry report carries: z on the sphere and the collapse gauges of the same images. */
export interface Geometry {
  /** [2n, d] unit rows: first views, then second views */
  z: Float32Array;
  labels: Uint8Array;
  d: number;
  alignment: number;
  uniformity: number;
  /** std of the normalised z per dimension, averaged (≈ 1/√d healthy, → 0 collapsed) */
  std: number;
  rankme: number;
  meanCos: number;
  /** the largest singular values of z, as shares of their sum */
  spectrum: Float32Array;
}
const SPECTRUM = 32;

/** What the teacher makes of held-out images (self-distillation methods; see Trainer.teacherReport). */
export interface TeacherReport {
  n: number;
  /** K: prototypes */
  k: number;
  /** the teacher's mean output distribution over the n images, sorted from the most used prototype */
  mean: Float32Array;
  /** each image's distribution sorted from its top prototype, then averaged: how sharp one image's target is */
  sortedPerImage: Float32Array;
  /** H of the mean distribution, nats (log K: every prototype used equally; 0: one for all images) */
  entropyOfMean: number;
  /** mean over images of each distribution's own entropy, nats (what the teacherEntropy readout tracks) */
  meanEntropy: number;
}

/** What a run holds on the backend, and what one step adds at its peak (see Trainer.memoryReport). */
export interface MemoryReport {
  /** the model's weights (trained and momentum copies), bytes */
  modelBytes: number;
  /** a memory-queue method's queue: length, next slot written, slots holding real keys */
  queue?: { size: number; ptr: number; filled: number; batch: number };
  /** the method's state between steps (MoCo's queue, DINO's centre), bytes */
  stateBytes: number;
  /** the most one training step held above what was allocated before it (activations, gradients), bytes */
  stepPeakBytes: number;
  /** that step's time, ms */
  stepMs: number;
}

/** Probes on h (before the projection head) and on z (after it): see Trainer.probes. */
export interface ProbeReport {
  /** weighted kNN, held-out images */
  knnH: number;
  knnZ: number;
  /** linear probe (softmax regression) fitted on training images, scored on held-out ones */
  linearH: number;
  linearZ: number;
  /** linear probe predicting which quarter turn was applied to a held-out image (chance 25%) */
  rotationH: number;
  rotationZ: number;
  sizes: ProbeSizes;
}
export interface ProbeSizes {
  /** training images the probes are fitted on (the kNN memory) */
  train: number;
  /** held-out images they are scored on */
  test: number;
  /** held-out images for the rotation probe: half to fit, half to score */
  rotation: number;
}
export const BROWSER_PROBES: ProbeSizes = { train: 2000, test: 1000, rotation: 1000 };
export const FULL_PROBES: ProbeSizes = { train: 8000, test: 2000, rotation: 2000 };

/** What the attention report carries (see Trainer.attentionMaps). */
export interface AttentionReport {
  n: number;
  heads: number;
  /** patches per side (8 for 4×4 patches on 32×32) */
  grid: number;
  /** [n, heads, grid·grid] CLS→patch attention */
  maps: Float32Array;
  /** per head, the mean Jaccard of its thresholded map with the object masks; null without masks */
  jaccard: number[] | null;
  /** held-out images the Jaccard is averaged over (the first n of them are drawn) */
  scored: number;
  /** the best centred disc's Jaccard on the same images: what "look at the middle" scores */
  discPrior: number | null;
  /** per head, this model's Jaccard at step 0 on the same images (when it was measured then) */
  jaccardAtInit: number[] | null;
  /** the n images, 32×32 RGBA */
  rgba: Uint8ClampedArray;
}

/** Patch features of the last layer as colours (see Trainer.patchPca). */
export interface PatchPcaReport {
  n: number;
  grid: number;
  /** [n·grid², 3] bytes: each foreground patch's first three components of the foreground PCA; background 0 */
  rgb: Uint8ClampedArray;
  /** [n·grid²] 1 = foreground (first component of the PCA over every patch above its mean) */
  foreground: Uint8Array;
  /** mean Jaccard of the foreground patches with the objects' masks over the scored images; null without masks */
  jaccard: number | null;
  /** the same score for this model at step 0 (when it was measured then) */
  jaccardAtInit: number | null;
  /** held-out images in the PCA (and the Jaccard); the first n are drawn */
  scored: number;
  foregroundShare: number;
  /** the n images, 32×32 RGBA */
  rgba: Uint8ClampedArray;
}

/** The masked-patch term taken apart on a few held-out images (see Trainer.maskedReport). */
export interface MaskedReport {
  n: number;
  grid: number;
  /** the masks' ratio as asked for, and the share of patches they hide */
  ratio: number;
  maskedShare: number;
  /** [n·grid²] 1 = hidden from the student */
  masks: Uint8Array;
  /** [n·grid²] the teacher's top prototype per patch (unmasked image) and the student's (masked image) */
  teacherTop: Int32Array;
  studentTop: Int32Array;
  /** [n·grid²] each patch's cross-entropy H(teacher, student), nats */
  loss: Float32Array;
  /** [n·grid²] the teacher's probability of its top prototype */
  teacherConfidence: Float32Array;
  /** the mean patch loss over masked patches, and the share of them where the student's top prototype is the teacher's */
  maskedLoss: number;
  agreement: number;
  /** K */
  k: number;
  rgba: Uint8ClampedArray;
}

/** How far apart the backbone's CLS features lie (what KoLeo acts on; see Trainer.spread). */
export interface SpreadReport {
  n: number;
  /** each image's distance to its nearest neighbour among the n, on ℓ2-normalised h (0–2) */
  nn: Float32Array;
  meanNN: number;
  /** KoLeo's value on these features: −mean log(nearest-neighbour distance) */
  koleo: number;
  /** Wang & Isola's uniformity of normalised h (t = 2): lower is more spread */
  uniformity: number;
}

export interface EvalSizes {
  /** kNN memory: the first `train` training images. */
  train: number;
  /** held-out images scored by kNN. */
  test: number;
  /** held-out images for alignment, uniformity, std and RankMe. */
  geometry: number;
}
export const BROWSER_EVAL: EvalSizes = { train: 2000, test: 1000, geometry: 512 };
export const FULL_EVAL: EvalSizes = { train: 8000, test: 2000, geometry: 1000 };
/**
 * For backends ~100× slower than wasm (WebGPU on SwiftShader runs ~0.3 GFLOP/s; pure-JS cpu is
 * similar): a small, noisy kNN that still finishes in seconds.
 */
export const LIGHT_EVAL: EvalSizes = { train: 200, test: 100, geometry: 64 };

/** The first n images of a set as 32×32 RGBA bytes. */
function rgbaOf(set: ImageSet, n: number): Uint8ClampedArray {
  const px = IMAGE_SIZE * IMAGE_SIZE;
  const rgba = new Uint8ClampedArray(n * px * 4);
  for (let i = 0; i < n * px; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = set.pixels[i * set.channels + (set.channels === 3 ? c : 0)];
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** Every tensor inside a method's state (a tree of objects, arrays and tensors). */
function tensorsIn(state: unknown, out: tf.Tensor[] = []): tf.Tensor[] {
  if (state instanceof tf.Tensor) out.push(state);
  else if (Array.isArray(state)) state.forEach((s) => tensorsIn(s, out));
  else if (state && typeof state === 'object') Object.values(state).forEach((s) => tensorsIn(s, out));
  return out;
}
/** Dispose the tensors of `old` that `next` no longer holds. */
function disposeReplaced(old: unknown, next: unknown): void {
  const keep = new Set(tensorsIn(next));
  tensorsIn(old).forEach((t) => keep.has(t) || t.dispose());
}

export class NonFiniteLossError extends Error {
  constructor(
    readonly step: number,
    readonly value: number,
  ) {
    super(`The loss became ${value} at step ${step}.`);
  }
}

export class Trainer {
  readonly method: AnyMethod;
  config: Config;
  step = 0;
  private model: unknown;
  private state: unknown;
  private optimizer: Optimizer;
  private order: Int32Array;
  private cursor = 0;
  private readonly batchRng: Rng;
  private readonly augRng: Rng;
  private readonly methodRng: Rng;
  /** the disc prior's Jaccard on the scored held-out images (fixed data: computed once) */
  private discPrior?: { n: number; jaccard: number };
  /** features of held-out and training images at one step (see splitFeatures) */
  private featureCache?: { step: number; byKey: Map<string, { h: Float32Array; z: Float32Array; dh: number; dz: number }> };
  /** the attention Jaccard per head of the untrained model, from a report at step 0 */
  private initJaccard?: { n: number; jaccard: number[] };
  /** the patch-PCA foreground Jaccard of the untrained model, from a report at step 0 */
  private initPatchJaccard?: { n: number; jaccard: number };

  constructor(
    readonly methodId: MethodId,
    config: Config,
    readonly data: Dataset,
  ) {
    this.config = { ...config };
    this.method = getMethod(methodId);
    const created = this.method.create(substream(config.seed, 'init'), this.config);
    this.model = created.model;
    this.state = created.state;
    this.optimizer = createOptimizer(config.optimizer);
    this.batchRng = substream(config.seed, 'batches');
    this.augRng = substream(config.seed, 'augment');
    this.methodRng = substream(config.seed, 'method');
    this.order = permutation(this.batchRng, data.train.n);
  }

  /** Apply live parameters; returns the names that would need a new model (not applied). */
  setParams(patch: ConfigPatch): ParamName[] {
    const rejected: ParamName[] = [];
    for (const [k, v] of Object.entries(patch) as [ParamName, never][]) {
      if (SCHEMA[k].live) (this.config as Record<string, unknown>)[k] = v;
      else if (this.config[k] !== v) rejected.push(k);
    }
    return rejected;
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
    const vars = this.method.trainable(this.model);
    let nextState: unknown = this.state;
    const auxNames: string[] = [];
    const { value, grads, aux } = tf.tidy(() => {
      const auxOut: tf.Scalar[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const out = this.method.loss(this.model, this.state, { v1, v2, locals }, ctx);
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
    const [lossArr, ...auxArr] = await Promise.all([value.data(), ...aux.map((a) => a.data())]);
    value.dispose();
    aux.forEach((a) => a.dispose());
    const loss = lossArr[0];
    const lr = this.learningRate;
    if (!Number.isFinite(loss)) {
      tf.dispose(grads);
      disposeReplaced(nextState, this.state); // the rejected state goes; the current one stays
      throw new NonFiniteLossError(this.step, loss);
    }
    this.optimizer.apply(
      vars,
      vars.map((v) => grads[v.name]),
      lr,
      this.config.weightDecay,
    );
    tf.dispose(grads);
    disposeReplaced(this.state, nextState);
    this.state = this.method.afterStep ? this.method.afterStep(this.model, nextState, ctx) : nextState;
    this.step += 1;
    const rec: StepRecord = { step: this.step, loss, lr, ms: performance.now() - t0 };
    auxNames.forEach((k, i) => (rec[k] = auxArr[i][0]));
    return rec;
  }

  /**
   * Features of the first `n` images of a split, kept until the weights change: an evaluation and
   * the probes that follow it at the same step embed the same images once.
   */
  private async splitFeatures(split: 'train' | 'test', n: number): Promise<Awaited<ReturnType<Trainer['features']>>> {
    const key = `${split}:${n}`;
    if (this.featureCache?.step !== this.step) this.featureCache = { step: this.step, byKey: new Map() };
    const hit = this.featureCache.byKey.get(key);
    if (hit) return hit;
    // the first n of a larger set embedded at this step are these same images
    for (const [k, f] of this.featureCache.byKey) {
      const [s, m] = k.split(':');
      if (s === split && Number(m) >= n) return { h: f.h.subarray(0, n * f.dh), z: f.z.subarray(0, n * f.dz), dh: f.dh, dz: f.dz };
    }
    const f = await this.features(head(this.data[split], n));
    this.featureCache.byKey.set(key, f);
    return f;
  }

  /** Features of a set in evaluation mode, in chunks: h and z as [n, d] arrays. */
  async features(set: ImageSet, chunk = this.config.backbone === 'vit' ? 128 : 500): Promise<{ h: Float32Array; z: Float32Array; dh: number; dz: number }> {
    const hs: Float32Array[] = [];
    const zs: Float32Array[] = [];
    let dh = 0;
    let dz = 0;
    for (let s = 0; s < set.n; s += chunk) {
      const part = subset(set, Array.from({ length: Math.min(chunk, set.n - s) }, (_, i) => s + i));
      const { h, z } = tf.tidy(() => this.method.embed(this.model, toTensor(part.pixels, part.n, part.channels)));
      dh = h.shape[1];
      dz = z.shape[1];
      hs.push((await h.data()) as Float32Array);
      zs.push((await z.data()) as Float32Array);
      h.dispose();
      z.dispose();
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

  /** Held-out kNN on h, plus the geometry of z on held-out views. */
  async evaluate(sizes: EvalSizes = BROWSER_EVAL): Promise<EvalRecord> {
    const memory = head(this.data.train, sizes.train);
    const test = head(this.data.test, sizes.test);
    const fm = await this.splitFeatures('train', sizes.train);
    const ft = await this.splitFeatures('test', sizes.test);
    const knn = tf.tidy(() => {
      const norm = (x: Float32Array, n: number) => tf.tensor2d(Float32Array.from(l2NormalizeRows(x, n, fm.dh)), [n, fm.dh]);
      return { trainF: norm(fm.h, memory.n), testF: norm(ft.h, test.n) };
    });
    const pred = await knnPredict(knn.trainF, memory.labels, knn.testF, { ...KNN_DEFAULTS, numClasses: this.data.classNames.length });
    tf.dispose([knn.trainF, knn.testF]);

    // geometry of z: two held-out views of the same images, drawn from a fixed stream so that
    // successive evaluations compare like with like
    const geo = head(this.data.test, sizes.geometry);
    const { v1, v2 } = this.makeViews(geo, substream(this.config.seed, 'eval-views'));
    const [z1, z2] = [this.zOf(v1), this.zOf(v2)];
    v1.dispose();
    v2.dispose();
    const d = z1.shape[1];
    const a = l2NormalizeRows((await z1.data()) as Float32Array, geo.n, d);
    const b = l2NormalizeRows((await z2.data()) as Float32Array, geo.n, d);
    tf.dispose([z1, z2]);
    const zClean = ft.z.subarray(0, Math.min(test.n, sizes.geometry) * ft.dz);
    const nClean = zClean.length / ft.dz;
    return {
      step: this.step,
      knn: accuracy(pred, test.labels),
      alignment: alignment(a, b, geo.n, d),
      uniformity: uniformity(a, geo.n, d),
      std: normalizedStd(zClean, nClean, ft.dz),
      rankme: rankMeOfSingularValues(singularValues(zClean, nClean, ft.dz)),
    };
  }

  /**
   * The normalised projections z of two views of the first `n` held-out images: rows 0…n−1 are the
   * first views, n…2n−1 the second (SimCLR's batch order). The views come from a fixed stream, so
   * successive calls differ only by what the model learnt. Feeds the sphere view and the live
   * similarity matrix; alignment and uniformity are over these n pairs.
   */
  /**
   * z of a batch of views, in chunks of `chunk` images: the ViT's attention over a thousand images
   * at once outgrows what the wasm backend can allocate (width 64, depth 4 failed at 1,000).
   */
  private zOf(x: tf.Tensor4D, chunk = this.config.backbone === 'vit' ? 128 : 1000): tf.Tensor2D {
    const n = x.shape[0];
    if (n <= chunk) return tf.tidy(() => this.method.embed(this.model, x).z);
    const parts: tf.Tensor2D[] = [];
    for (let s = 0; s < n; s += chunk) parts.push(tf.tidy(() => this.method.embed(this.model, tf.slice(x, [s, 0, 0, 0], [Math.min(chunk, n - s), -1, -1, -1])).z));
    const z = tf.concat(parts, 0);
    tf.dispose(parts);
    return z;
  }

  async geometry(n: number): Promise<Geometry> {
    const set = head(this.data.test, n);
    const { v1, v2 } = this.makeViews(set, substream(this.config.seed, 'eval-views'));
    const z1 = this.zOf(v1);
    const z2 = this.zOf(v2);
    const z = tf.concat([z1, z2], 0);
    tf.dispose([z1, z2]);
    v1.dispose();
    v2.dispose();
    const d = z.shape[1]!;
    const raw = (await z.data()) as Float32Array;
    z.dispose();
    const zn = l2NormalizeRows(raw, 2 * set.n, d);
    // collapse gauges on the first views' raw z, as the evaluation measures them
    const first = raw.subarray(0, set.n * d);
    const sv = singularValues(first, set.n, d);
    const total = sv.reduce((a, b) => a + b, 0) || 1;
    return {
      z: Float32Array.from(zn),
      labels: set.labels.slice(),
      d,
      alignment: alignment(zn.subarray(0, set.n * d), zn.subarray(set.n * d), set.n, d),
      uniformity: uniformity(zn.subarray(0, set.n * d), set.n, d),
      std: normalizedStd(first, set.n, d),
      rankme: rankMeOfSingularValues(sv),
      meanCos: meanPairwiseCosine(first, set.n, d),
      spectrum: Float32Array.from(sv.subarray(0, SPECTRUM), (v) => v / total),
    };
  }

  /**
   * The last block's CLS→patch attention of the ViT backbone for the first `n` held-out images
   * (null for the CNN), each head's mean Jaccard against the objects' masks where the dataset has
   * them (the DINO paper's protocol, metrics/attention.ts), and the images themselves to draw under it.
   */
  async attentionMaps(n: number, scored = n): Promise<AttentionReport | null> {
    const enc = this.method.backbone?.(this.model);
    if (!enc || enc.kind !== 'vit') return null;
    const total = Math.max(n, scored);
    const set = head(this.data.test, total);
    const att = tf.tidy(() => vitForward(enc, toTensor(set.pixels, set.n, set.channels)).attention);
    const [, heads, p] = att.shape;
    const maps = (await att.data()) as Float32Array;
    att.dispose();
    const grid = Math.round(Math.sqrt(p));
    const px = IMAGE_SIZE * IMAGE_SIZE;
    const jaccard = set.masks
      ? Array.from({ length: heads }, (_, h) => {
          let sum = 0;
          for (let i = 0; i < scored; i++) sum += attentionJaccard(maps.subarray((i * heads + h) * p, (i * heads + h + 1) * p), grid, set.masks!.subarray(i * px, (i + 1) * px));
          return sum / scored;
        })
      : null;
    if (set.masks && this.discPrior?.n !== scored) this.discPrior = { n: scored, jaccard: bestDiscPrior(set.masks.subarray(0, scored * px), scored).jaccard };
    if (jaccard && this.step === 0) this.initJaccard = { n: scored, jaccard };
    const jaccardAtInit = this.initJaccard?.n === scored ? this.initJaccard.jaccard : null;
    return { n, heads, grid, maps: maps.slice(0, n * heads * p), jaccard, scored, discPrior: set.masks ? this.discPrior!.jaccard : null, jaccardAtInit, rgba: rgbaOf(set, n) };
  }

  /**
   * The DINOv2 paper's Figure 1 at this scale: PCA of the ViT backbone's last-layer patch features
   * over the first `scored` held-out images, foreground by the first component, its three main
   * directions as RGB (metrics/patchPca.ts); null for the CNN. Signs follow `previous`.
   */
  async patchPca(n: number, scored = n, previous?: Float64Array): Promise<{ report: PatchPcaReport; basis: Float64Array } | null> {
    const enc = this.method.backbone?.(this.model);
    if (!enc || enc.kind !== 'vit') return null;
    const total = Math.max(n, scored);
    const set = head(this.data.test, total);
    const chunks: Float32Array[] = [];
    let d = 0;
    let p = 0;
    for (let s = 0; s < total; s += 128) {
      const part = subset(set, Array.from({ length: Math.min(128, total - s) }, (_, i) => s + i));
      const tok = tf.tidy(() => vitForward(enc, toTensor(part.pixels, part.n, part.channels)).tokens);
      [, p, d] = tok.shape;
      chunks.push((await tok.data()) as Float32Array);
      tok.dispose();
    }
    const tokens = new Float32Array(total * p * d);
    chunks.reduce((o, c) => (tokens.set(c, o), o + c.length), 0);
    const grid = Math.round(Math.sqrt(p));
    const maps = patchPcaMaps(tokens, total, grid, d, previous);
    const rgb = new Uint8ClampedArray(n * p * 3);
    for (let i = 0; i < n * p * 3; i++) rgb[i] = Math.round(255 * maps.rgb[i]);
    const jaccard = set.masks ? foregroundJaccard(maps.foreground, total, grid, set.masks) : null;
    if (jaccard !== null && this.step === 0) this.initPatchJaccard = { n: total, jaccard };
    const report: PatchPcaReport = {
      n,
      grid,
      rgb,
      foreground: maps.foreground.slice(0, n * p),
      jaccard,
      jaccardAtInit: this.initPatchJaccard?.n === total ? this.initPatchJaccard.jaccard : null,
      scored: total,
      foregroundShare: maps.foregroundShare,
      rgba: rgbaOf(set, n),
    };
    return { report, basis: maps.basis };
  }

  /**
   * iBOT's patch term on the first `n` held-out images, under block masks at `ratio` drawn from
   * `seed` (every image masked): what the teacher targets at each patch, what the student predicts
   * at the hidden ones, and each patch's loss. null for methods without masked patches.
   */
  async maskedReport(n: number, ratio: number, seed: number): Promise<MaskedReport | null> {
    if (!this.method.inspectMasked) return null;
    const set = head(this.data.test, n);
    const masks = blockMasks(substream(seed, 'inspect-masks'), n, { maskProb: 1, maskRatioMin: ratio, maskRatioMax: ratio });
    const x = toTensor(set.pixels, set.n, set.channels);
    const r = await this.method.inspectMasked(this.model, this.state, x, masks, { step: this.step, config: this.config });
    x.dispose();
    let hidden = 0;
    let lossSum = 0;
    let agree = 0;
    for (let i = 0; i < masks.length; i++) {
      if (!masks[i]) continue;
      hidden++;
      lossSum += r.loss[i];
      agree += r.studentTop[i] === r.teacherTop[i] ? 1 : 0;
    }
    return {
      n,
      grid: GRID,
      ratio,
      maskedShare: hidden / masks.length,
      masks,
      ...r,
      maskedLoss: hidden ? lossSum / hidden : NaN,
      agreement: hidden ? agree / hidden : NaN,
      k: this.config.prototypes,
      rgba: rgbaOf(set, n),
    };
  }

  /** Nearest-neighbour distances and uniformity of the backbone's h on the first `n` held-out images (ℓ2-normalised). */
  async spread(n: number): Promise<SpreadReport> {
    const set = head(this.data.test, n);
    const { h, dh } = await this.splitFeatures('test', set.n);
    const x = l2NormalizeRows(h, set.n, dh);
    const nn = new Float32Array(set.n);
    for (let i = 0; i < set.n; i++) {
      let best = -Infinity;
      for (let j = 0; j < set.n; j++) {
        if (j === i) continue;
        let dot = 0;
        for (let k = 0; k < dh; k++) dot += x[i * dh + k] * x[j * dh + k];
        if (dot > best) best = dot;
      }
      nn[i] = Math.sqrt(Math.max(0, 2 - 2 * best));
    }
    const meanNN = nn.reduce((a, v) => a + v, 0) / set.n;
    const koleo = -nn.reduce((a, v) => a + Math.log(v + 1e-8), 0) / set.n;
    return { n: set.n, nn, meanNN, koleo, uniformity: uniformity(x, set.n, dh) };
  }

  /**
   * Bytes of the model and of the method's state, and the peak of one training step above what was
   * allocated before it (tf.profile: every backend counts its tensors' bytes the same way). Trains
   * that one step.
   */
  async memoryReport(): Promise<{ memory: MemoryReport; record: StepRecord }> {
    const bytes = (ts: tf.Tensor[]) => ts.reduce((a, t) => a + t.size * 4, 0);
    const before = tf.memory().numBytes;
    let record: StepRecord | null = null;
    const info = await tf.profile(async () => {
      record = await this.trainStep();
      return [];
    });
    const r = record as unknown as StepRecord;
    const q = this.method.queueOf?.(this.state);
    return {
      memory: { modelBytes: bytes(tensorsIn(this.model)), stateBytes: bytes(tensorsIn(this.state)), stepPeakBytes: Math.max(0, info.peakBytes - before), stepMs: r.ms, ...(q ? { queue: { ...q, batch: this.config.batchSize } } : {}) },
      record: r,
    };
  }

  /**
   * What h and z each still know: kNN and a linear probe for the class, and a linear probe for an
   * augmentation the method never trained on (a quarter turn, drawn per image from a fixed stream) —
   * the SimCLR paper's §4.2 and Table 3 experiment at this scale.
   */
  async probes(sizes: ProbeSizes = BROWSER_PROBES): Promise<ProbeReport> {
    const memory = head(this.data.train, sizes.train);
    const test = head(this.data.test, sizes.test);
    const [fm, ft] = [await this.splitFeatures('train', sizes.train), await this.splitFeatures('test', sizes.test)];
    const classes = this.data.classNames.length;
    const knnOn = async (a: Float32Array, b: Float32Array, d: number) => {
      const [tr, te] = tf.tidy(() => [tf.tensor2d(Float32Array.from(l2NormalizeRows(a, memory.n, d)), [memory.n, d]), tf.tensor2d(Float32Array.from(l2NormalizeRows(b, test.n, d)), [test.n, d])]);
      const pred = await knnPredict(tr, memory.labels, te, { ...KNN_DEFAULTS, numClasses: classes });
      tf.dispose([tr, te]);
      return accuracy(pred, test.labels);
    };
    const probe = (a: Float32Array, b: Float32Array, d: number) => linearProbe(a, memory.labels, b, test.labels, d, { ...PROBE_DEFAULTS, numClasses: classes });
    // rotation: fit on the first half of the turned images, score on the second
    const base = head(this.data.test, sizes.rotation);
    const rng = substream(this.config.seed, 'rotation-probe');
    const turns = Int32Array.from({ length: base.n }, () => Math.floor(rng() * 4));
    const turned = await this.features({ ...base, pixels: rotate90(base.pixels, base.n, base.channels, turns) });
    const half = Math.floor(base.n / 2);
    const rot = (x: Float32Array, d: number) =>
      linearProbe(x.subarray(0, half * d), turns.subarray(0, half), x.subarray(half * d, base.n * d), turns.subarray(half), d, { ...PROBE_DEFAULTS, numClasses: 4 });
    return {
      knnH: await knnOn(fm.h, ft.h, fm.dh),
      knnZ: await knnOn(fm.z, ft.z, fm.dz),
      linearH: await probe(fm.h, ft.h, fm.dh),
      linearZ: await probe(fm.z, ft.z, fm.dz),
      rotationH: await rot(turned.h, turned.dh),
      rotationZ: await rot(turned.z, turned.dz),
      sizes,
    };
  }

  /** The teacher's distributions over prototypes for the first `n` clean held-out images; null for methods without a teacher of that kind. */
  async teacherReport(n: number): Promise<TeacherReport | null> {
    if (!this.method.teacherProbs) return null;
    const set = head(this.data.test, n);
    const probs = tf.tidy(() => this.method.teacherProbs!(this.model, this.state, toTensor(set.pixels, set.n, set.channels), { step: this.step, config: this.config }));
    const [rows, k] = probs.shape;
    const q = (await probs.data()) as Float32Array;
    probs.dispose();
    const mean = new Float64Array(k);
    const sortedPerImage = new Float64Array(k);
    let meanEntropy = 0;
    for (let i = 0; i < rows; i++) {
      const row = q.subarray(i * k, (i + 1) * k);
      const sorted = Float64Array.from(row).sort().reverse();
      for (let j = 0; j < k; j++) {
        mean[j] += row[j] / rows;
        sortedPerImage[j] += sorted[j] / rows;
        if (row[j] > 0) meanEntropy -= (row[j] * Math.log(row[j])) / rows;
      }
    }
    const entropyOfMean = mean.reduce((a, v) => (v > 0 ? a - v * Math.log(v) : a), 0);
    return { n: rows, k, mean: Float32Array.from(mean.sort().reverse()), sortedPerImage: Float32Array.from(sortedPerImage), entropyOfMean, meanEntropy };
  }

  /** 2-D PCA of h for the first `n` held-out images (signs aligned with `previous` to avoid flicker). */
  async embedding2d(n: number, previous?: Float64Array): Promise<{ coords: Float32Array; labels: Uint8Array; basis: Float64Array }> {
    const set = head(this.data.test, n);
    const { h, dh } = await this.features(set);
    const { coords, basis } = pca2(h, set.n, dh, previous);
    return { coords, labels: set.labels.slice(), basis };
  }

  /** The originals and both views of the first `k` training images, as RGBA bytes (k × 3 images). */
  /**
   * k training images × (original, view 1, view 2), 32×32 RGBA; multi-crop methods add their local
   * crops (16×16 RGBA, crop-major) as the student gets them.
   */
  async viewsPreview(k: number, rng: Rng): Promise<{ rgba: Uint8ClampedArray; locals?: { count: number; rgba: Uint8ClampedArray } }> {
    const set = head(this.data.train, k);
    const { v1, v2 } = this.makeViews(set, rng);
    const count = this.method.localCrops?.(this.config) ?? 0;
    const rgbaOf = (x: tf.Tensor) => tf.tidy(() => tf.concat([x, tf.ones([...x.shape.slice(0, -1), 1])], -1).mul(255));
    const all = tf.tidy(() => rgbaOf(tf.stack([toTensor(set.pixels, set.n, set.channels), v1, v2], 1))); // [k, 3, 32, 32, 4]
    tf.dispose([v1, v2]);
    const rgba = Uint8ClampedArray.from(await all.data());
    all.dispose();
    if (!count) return { rgba };
    const loc = tf.tidy(() => rgbaOf(this.makeLocals(set, count, rng)));
    const locals = { count, rgba: Uint8ClampedArray.from(await loc.data()) };
    loc.dispose();
    return { rgba, locals };
  }

  dispose(): void {
    this.method.dispose(this.model, this.state);
    // whatever the method's state still holds (DINO's centres were left behind); disposing twice is a no-op
    tensorsIn(this.state).forEach((t) => t.dispose());
    this.optimizer.dispose();
  }
}
