// The iBOT and DINOv2 lessons' runs, summarised from their files (runs/ibot/*.json,
// runs/dinov2/*.json), each made by `npm run experiment -- --lesson <lesson> --variant <id>
// [--seed 2] --attention 50 --patches 50`: the page's own settings, 300 steps.
// lessons/masked.measured.test.ts checks every number here against its file.

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

export const MASKED_RUNS: MaskedRow[] = [
  {file: 'runs/ibot/ibot.json', lesson: 'ibot', variant: 'ibot', label: 'iBOT', seed: 1, knn: [0.187,0.235], attention: [0.345,0.421,0.477], patchPca: [0.613,0.578], lossCls: [5.31,5.011], lossPatch: [2.818,2.718], entropy: [2.856,4.316], prototypesInUse: 188.8, nn: [0.028,0.022], uniformityH: [-0.072,-0.047], rankme: 3.69},
  {file: 'runs/ibot/ibot-nopatch.json', lesson: 'ibot', variant: 'ibot-nopatch', label: 'iBOT without the patch loss (DINO’s loss)', seed: 1, knn: [0.187,0.227], attention: [0.345,0.457,0.465], patchPca: [0.613,0.581], lossCls: [5.267,5.006], lossPatch: [0,0], entropy: [2.851,4.286], prototypesInUse: 191.7, nn: [0.028,0.023], uniformityH: [-0.072,-0.054], rankme: 10.17},
  {file: 'runs/ibot/dino.json', lesson: 'ibot', variant: 'dino', label: 'DINO', seed: 1, knn: [0.187,0.227], attention: [0.345,0.457,0.465], patchPca: [0.613,0.581], lossCls: [5.267,5.006], lossPatch: [0,0], entropy: [2.851,4.286], prototypesInUse: 191.7, nn: [0.028,0.023], uniformityH: [-0.072,-0.054], rankme: 10.17},
  {file: 'runs/ibot/ibot-untied.json', lesson: 'ibot', variant: 'ibot-untied', label: 'iBOT with separate heads', seed: 1, knn: [0.187,0.249], attention: [0.345,0.399,0.504], patchPca: [0.613,0.577], lossCls: [5.303,5.034], lossPatch: [2.836,2.704], entropy: [2.855,4.393], prototypesInUse: 189.2, nn: [0.028,0.027], uniformityH: [-0.072,-0.073], rankme: 9.32, masked: {agreement: [0.012,0.162], loss: [5.828,5.459]}},
  {file: 'runs/ibot/ibot-seed2.json', lesson: 'ibot', variant: 'ibot', label: 'iBOT', seed: 2, knn: [0.188,0.223], attention: [0.326,0.331,0.091], patchPca: [0.623,0.613], lossCls: [5.047,5.017], lossPatch: [2.813,2.717], entropy: [2.57,4.349], prototypesInUse: 184.5, nn: [0.026,0.014], uniformityH: [-0.071,-0.022], rankme: 3.72, masked: {agreement: [0.019,0.042], loss: [5.677,5.567]}},
  {file: 'runs/ibot/ibot-nopatch-seed2.json', lesson: 'ibot', variant: 'ibot-nopatch', label: 'iBOT without the patch loss (DINO’s loss)', seed: 2, knn: [0.188,0.226], attention: [0.326,0.363,0.362], patchPca: [0.623,0.594], lossCls: [4.995,4.937], lossPatch: [0,0], entropy: [2.569,4.188], prototypesInUse: 171.9, nn: [0.026,0.017], uniformityH: [-0.071,-0.039], rankme: 8.68, masked: {agreement: [0.019,0.01], loss: [5.677,5.988]}},
  {file: 'runs/ibot/dino-seed2.json', lesson: 'ibot', variant: 'dino', label: 'DINO', seed: 2, knn: [0.188,0.226], attention: [0.326,0.363,0.362], patchPca: [0.623,0.594], lossCls: [4.995,4.937], lossPatch: [0,0], entropy: [2.569,4.188], prototypesInUse: 171.9, nn: [0.026,0.017], uniformityH: [-0.071,-0.039], rankme: 8.68},
  {file: 'runs/ibot/ibot-seed3.json', lesson: 'ibot', variant: 'ibot', label: 'iBOT', seed: 3, knn: [0.167,0.242], attention: [0.115,0.345,0.455], patchPca: [0.612,0.601], lossCls: [5.295,5.075], lossPatch: [2.835,2.749], entropy: [2.978,4.451], prototypesInUse: 200.1, nn: [0.031,0.017], uniformityH: [-0.112,-0.036], rankme: 3, masked: {agreement: [0.031,0.037], loss: [5.783,5.575]}},
  {file: 'runs/ibot/dino-seed3.json', lesson: 'ibot', variant: 'dino', label: 'DINO', seed: 3, knn: [0.167,0.244], attention: [0.115,0.35,0.395], patchPca: [0.612,0.593], lossCls: [5.226,4.995], lossPatch: [0,0], entropy: [2.978,4.317], prototypesInUse: 179, nn: [0.031,0.022], uniformityH: [-0.112,-0.057], rankme: 8.35},
  {file: 'runs/dinov2/dinov2.json', lesson: 'dinov2', variant: 'dinov2', label: 'DINOv2', seed: 1, knn: [0.187,0.243], attention: [0.345,0.383,0.518], patchPca: [0.613,0.566], lossCls: [5.302,5.073], lossPatch: [2.671,2.242], entropy: [2.855,4.369], prototypesInUse: 203.2, nn: [0.028,0.249], uniformityH: [-0.072,-1.726], rankme: 12.24},
  {file: 'runs/dinov2/dinov2-nokoleo.json', lesson: 'dinov2', variant: 'dinov2-nokoleo', label: 'DINOv2 without KoLeo', seed: 1, knn: [0.187,0.248], attention: [0.345,0.401,0.5], patchPca: [0.613,0.575], lossCls: [5.303,5.067], lossPatch: [2.671,2.285], entropy: [2.855,4.395], prototypesInUse: 193.9, nn: [0.028,0.034], uniformityH: [-0.072,-0.1], rankme: 9.5},
  {file: 'runs/dinov2/dinov2-koleo01.json', lesson: 'dinov2', variant: 'dinov2-koleo01', label: 'DINOv2 with the paper’s KoLeo weight (0.1)', seed: 1, knn: [0.187,0.267], attention: [0.345,0.359,0.422], patchPca: [0.613,0.572], lossCls: [5.304,5.074], lossPatch: [2.672,2.253], entropy: [2.854,4.276], prototypesInUse: 199, nn: [0.028,0.39], uniformityH: [-0.072,-2.403], rankme: 14.99, masked: {agreement: [0.012,0.213], loss: [5.647,4.769]}},
  {file: 'runs/dinov2/dinov2-sinkhorn.json', lesson: 'dinov2', variant: 'dinov2-sinkhorn', label: 'DINOv2 with Sinkhorn-Knopp instead of centering', seed: 1, knn: [0.187,0.239], attention: [0.345,0.366,0.513], patchPca: [0.613,0.569], lossCls: [5.884,5.385], lossPatch: [2.903,2.458], entropy: [3.849,4.855], prototypesInUse: 255.6, nn: [0.028,0.291], uniformityH: [-0.072,-1.989], rankme: 10.51},
  {file: 'runs/dinov2/dinov2-shared.json', lesson: 'dinov2', variant: 'dinov2-shared', label: 'DINOv2 with one shared head', seed: 1, knn: [0.187,0.244], attention: [0.345,0.418,0.561], patchPca: [0.613,0.568], lossCls: [5.331,4.969], lossPatch: [2.596,2.475], entropy: [2.856,4.165], prototypesInUse: 185.3, nn: [0.028,0.219], uniformityH: [-0.072,-1.409], rankme: 14.08, masked: {agreement: [0.032,0.117], loss: [5.331,5.279]}},
  {file: 'runs/dinov2/dinov2-ema996.json', lesson: 'dinov2', variant: 'dinov2-ema996', label: 'DINOv2 with a slower teacher (momentum 0.996)', seed: 1, knn: [0.187,0.239], attention: [0.345,0.384,0.53], patchPca: [0.613,0.564], lossCls: [5.321,4.941], lossPatch: [2.676,2.296], entropy: [2.861,3.914], prototypesInUse: 174.9, nn: [0.028,0.257], uniformityH: [-0.072,-1.752], rankme: 12.85, masked: {agreement: [0.012,0.204], loss: [5.647,4.805]}},
  {file: 'runs/dinov2/dinov2-seed2.json', lesson: 'dinov2', variant: 'dinov2', label: 'DINOv2', seed: 2, knn: [0.188,0.239], attention: [0.326,0.399,0.606], patchPca: [0.623,0.579], lossCls: [5.055,5.085], lossPatch: [2.704,2.416], entropy: [2.568,4.431], prototypesInUse: 197.7, nn: [0.026,0.231], uniformityH: [-0.071,-1.596], rankme: 12.25, masked: {agreement: [0.012,0.242], loss: [5.797,5.021]}},
  {file: 'runs/dinov2/dinov2-nokoleo-seed2.json', lesson: 'dinov2', variant: 'dinov2-nokoleo', label: 'DINOv2 without KoLeo', seed: 2, knn: [0.188,0.224], attention: [0.326,0.343,0.401], patchPca: [0.623,0.598], lossCls: [5.053,5.07], lossPatch: [2.704,2.424], entropy: [2.568,4.416], prototypesInUse: 188.6, nn: [0.026,0.022], uniformityH: [-0.071,-0.052], rankme: 7.65, masked: {agreement: [0.012,0.241], loss: [5.797,5.047]}},
  {file: 'runs/dinov2/dinov2-sinkhorn-seed2.json', lesson: 'dinov2', variant: 'dinov2-sinkhorn', label: 'DINOv2 with Sinkhorn-Knopp instead of centering', seed: 2, knn: [0.188,0.232], attention: [0.326,0.308,0.337], patchPca: [0.623,0.576], lossCls: [5.897,5.376], lossPatch: [2.919,2.619], entropy: [4.007,4.859], prototypesInUse: 255.6, nn: [0.026,0.265], uniformityH: [-0.071,-1.977], rankme: 10.04, masked: {agreement: [0.016,0.129], loss: [6.025,5.376]}},
];
