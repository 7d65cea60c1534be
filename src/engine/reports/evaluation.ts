// The evaluation every run gets (held-out kNN on h, the geometry of z), the geometry report the
// sphere and the collapse gauges draw, and the 2-D embedding view.
import * as tf from '@tensorflow/tfjs';
import { head } from '../data/types';
import { alignment, l2NormalizeRows, meanPairwiseCosine, normalizedStd, rankMeOfSingularValues, singularValues, uniformity } from '../metrics/diagnostics';
import { accuracy, KNN_DEFAULTS, knnPredict } from '../metrics/knn';
import { pca2 } from '../metrics/pca';
import { substream } from '../rng';
import type { TrainerView } from '../trainer';
import { splitFeatures, zOf } from './features';

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

/** Held-out kNN on h, plus the geometry of z on held-out views. */
export async function evaluate(tr: TrainerView, sizes: EvalSizes = BROWSER_EVAL): Promise<EvalRecord> {
  const memory = head(tr.data.train, sizes.train);
  const test = head(tr.data.test, sizes.test);
  const fm = await splitFeatures(tr, 'train', sizes.train);
  const ft = await splitFeatures(tr, 'test', sizes.test);
  const knn = tf.tidy(() => {
    const norm = (x: Float32Array, n: number) => tf.tensor2d(Float32Array.from(l2NormalizeRows(x, n, fm.dh)), [n, fm.dh]);
    return { trainF: norm(fm.h, memory.n), testF: norm(ft.h, test.n) };
  });
  const pred = await knnPredict(knn.trainF, memory.labels, knn.testF, { ...KNN_DEFAULTS, numClasses: tr.data.classNames.length });
  tf.dispose([knn.trainF, knn.testF]);

  // geometry of z: two held-out views of the same images, drawn from a fixed stream so that
  // successive evaluations compare like with like
  const geo = head(tr.data.test, sizes.geometry);
  const { v1, v2 } = tr.makeViews(geo, substream(tr.config.seed, 'eval-views'));
  const [z1, z2] = [zOf(tr, v1), zOf(tr, v2)];
  v1.dispose();
  v2.dispose();
  const d = z1.shape[1];
  const a = l2NormalizeRows((await z1.data()) as Float32Array, geo.n, d);
  const b = l2NormalizeRows((await z2.data()) as Float32Array, geo.n, d);
  tf.dispose([z1, z2]);
  const zClean = ft.z.subarray(0, Math.min(test.n, sizes.geometry) * ft.dz);
  const nClean = zClean.length / ft.dz;
  return {
    step: tr.step,
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
export async function geometry(tr: TrainerView, n: number): Promise<Geometry> {
  const set = head(tr.data.test, n);
  const { v1, v2 } = tr.makeViews(set, substream(tr.config.seed, 'eval-views'));
  const z1 = zOf(tr, v1);
  const z2 = zOf(tr, v2);
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

/** 2-D PCA of h for the first `n` held-out images (signs aligned with `previous` to avoid flicker). */
export async function embedding2d(tr: TrainerView, n: number, previous?: Float64Array): Promise<{ coords: Float32Array; labels: Uint8Array; basis: Float64Array }> {
  const set = head(tr.data.test, n);
  const { h, dh } = await tr.features(set);
  const { coords, basis } = pca2(h, set.n, dh, previous);
  return { coords, labels: set.labels.slice(), basis };
}
