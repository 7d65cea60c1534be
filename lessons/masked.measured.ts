// The iBOT and DINOv2 lessons' runs, summarised from their files (runs/ibot/*.json,
// runs/dinov2/*.json), each made by `npm run experiment -- --lesson <lesson> --variant <id>
// [--seed 2] --attention 50 --patches 50`: the page's own settings, 300 steps.
// The rows are lessons/measured/masked.json, made by `npm run tables` from those files;
// lessons/masked.measured.test.ts checks the runs' settings and the lessons' claims against them.

import generated from './measured/masked.json';
export interface MaskedRow {
  file: string;
  lesson: 'ibot' | 'dinov2';
  variant: string;
  label: string;
  seed: number;
  /** held-out kNN on h (2,000 images): untrained, after 300 steps */
  knn: [number, number];
  /** best head's attention Jaccard on the first 500 held-out images at steps 0, 50 and 300 */
  attention: [number, number, number];
  /** patch-PCA foreground Jaccard on the same images at steps 0 and 300 */
  patchPca: [number, number];
  /** mean [CLS] loss over steps 1–10 and 281–300 (a DINO run's loss is its [CLS] loss) */
  lossCls: [number, number];
  /** mean patch loss over the same steps (0: off) */
  lossPatch: [number, number];
  /** mean teacher entropy over the same steps, nats */
  entropy: [number, number];
  /** e^H of the teacher's mean target over 500 held-out images at the end */
  prototypesInUse: number;
  /** mean nearest-neighbour distance of normalised h (1,000 held-out images), untrained and at the end */
  nn: [number, number];
  /** uniformity of normalised h, same images */
  uniformityH: [number, number];
  /** RankMe of z at the end */
  rankme: number;
  /** the masked-patch figure at the end (500 held-out images, ratio 0.4, seed 1), where recorded */
  masked?: { agreement: [number, number]; loss: [number, number] };
}

export const MASKED_RUNS = generated.data as MaskedRow[];
