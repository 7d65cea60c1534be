// What h and z each still know: kNN and a linear probe for the class, and a linear probe for an
// augmentation the method never trained on (the SimCLR paper's quarter-turn experiment).
import * as tf from '@tensorflow/tfjs';
import { head } from '../data/types';
import { l2NormalizeRows } from '../metrics/diagnostics';
import { accuracy, KNN_DEFAULTS, knnPredict } from '../metrics/knn';
import { linearProbe, PROBE_DEFAULTS, rotate90 } from '../metrics/linearProbe';
import { substream } from '../rng';
import type { TrainerView } from '../trainer';
import { splitFeatures } from './features';

/** Probes on h (before the projection head) and on z (after it): see probes(). */
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
/** for backends ~100× slower than wasm (see LIGHT_EVAL) */
export const LIGHT_PROBES: ProbeSizes = { train: 200, test: 100, rotation: 100 };

/**
 * What h and z each still know: kNN and a linear probe for the class, and a linear probe for an
 * augmentation the method never trained on (a quarter turn, drawn per image from a fixed stream) —
 * the SimCLR paper's §4.2 and Table 3 experiment at this scale.
 */
export async function probes(tr: TrainerView, sizes: ProbeSizes = BROWSER_PROBES): Promise<ProbeReport> {
  const memory = head(tr.data.train, sizes.train);
  const test = head(tr.data.test, sizes.test);
  const [fm, ft] = [await splitFeatures(tr, 'train', sizes.train), await splitFeatures(tr, 'test', sizes.test)];
  const classes = tr.data.classNames.length;
  const knnOn = async (a: Float32Array, b: Float32Array, d: number) => {
    const [tr, te] = tf.tidy(() => [tf.tensor2d(Float32Array.from(l2NormalizeRows(a, memory.n, d)), [memory.n, d]), tf.tensor2d(Float32Array.from(l2NormalizeRows(b, test.n, d)), [test.n, d])]);
    const pred = await knnPredict(tr, memory.labels, te, { ...KNN_DEFAULTS, numClasses: classes });
    tf.dispose([tr, te]);
    return accuracy(pred, test.labels);
  };
  const probe = (a: Float32Array, b: Float32Array, d: number) => linearProbe(a, memory.labels, b, test.labels, d, { ...PROBE_DEFAULTS, numClasses: classes });
  // rotation: fit on the first half of the turned images, score on the second
  const base = head(tr.data.test, sizes.rotation);
  const rng = substream(tr.config.seed, 'rotation-probe');
  const turns = Int32Array.from({ length: base.n }, () => Math.floor(rng() * 4));
  const turned = await tr.features({ ...base, pixels: rotate90(base.pixels, base.n, base.channels, turns) });
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
