// The course: one entry per lesson, in the lecture's order. Metadata is plain data (the URL
// parser reads it without loading any lesson); the content is an MDX file loaded on demand.
import type { ComponentType } from 'react';
import type { LessonMeta } from '../src/config/url';

export interface Lesson extends LessonMeta {
  summary: string;
  /** the sidebar's headline numbers (default: the method's) */
  readouts?: string[];
  load: () => Promise<{ default: ComponentType }>;
}

/**
 * The iBOT and DINOv2 lessons' setting: the DINO lesson's (Shapes with distracting strokes, the
 * tiny ViT at batch 32), so that their DINO run is the DINO lesson's and each addition is measured
 * against it.
 */
const MASKED_LESSON = { dataset: 'shapes', shapesLevel: 'distract', backbone: 'vit', vitWidth: 48, vitDepth: 3, vitHeads: 3, batchSize: 32, lr: 5e-4, localCrops: 2, evalEvery: 50 } as const;

export const LESSONS: Lesson[] = [
  {
    id: 'simclr',
    title: 'SimCLR: learning by telling images apart',
    method: 'simclr',
    point: { step: 100, what: 'the kNN accuracy has passed the untrained encoder’s' },
    preset: {},
    summary: 'Two augmented views of each image, one encoder, a projection head, and the NT-Xent loss — trained live.',
    load: () => import('./simclr.mdx'),
  },
  {
    id: 'temperature',
    title: 'Temperature and batch size: how NT-Xent spreads embeddings',
    method: 'simclr',
    point: { step: 100, what: 'the temperatures’ points have parted in the alignment–uniformity plane' },
    // z on the circle, evaluated often enough to draw a path in the alignment–uniformity plane
    preset: { embedDim: 2, evalEvery: 25 },
    readouts: ['step', 'loss', 'stepsPerSec', 'knn', 'alignment', 'uniformity'],
    summary: 'Watch z on the circle while SimCLR trains; sweep τ and the batch size side by side; work out where the gradient goes, and what the loss wants at its optimum.',
    load: () => import('./temperature.mdx'),
  },
  {
    id: 'moco',
    title: 'MoCo against SimCLR: negatives from a queue or from the batch',
    method: 'moco',
    point: { step: 100, what: 'the kNN accuracy has passed the untrained encoder’s' },
    // the same small batch for both, so the question is where the negatives come from
    preset: { batchSize: 32, evalEvery: 50 },
    readouts: ['step', 'loss', 'stepsPerSec', 'knn', 'queueFill'],
    variants: [
      { id: 'moco', label: 'MoCo v2 (queue of 4,096 keys)', patch: {} },
      { id: 'simclr', label: 'SimCLR (the batch’s 62 other views)', method: 'simclr', patch: { batchSize: 32 } },
      { id: 'moco-m0', label: 'MoCo without the momentum encoder (m = 0)', patch: { keyMomentum: 0 } },
    ],
    defaultCompare: ['moco', 'simclr'],
    summary: 'Both at a batch of 32: SimCLR finds its negatives in the batch, MoCo keeps thousands in a queue. Watch memory, step time and the queue itself, and what the momentum encoder is for.',
    load: () => import('./moco.mdx'),
  },
  {
    id: 'collapse',
    title: 'Why BYOL does not collapse — and how it does without its predictor',
    method: 'byol',
    point: { step: 50, what: 'the runs without a stop-gradient have collapsed' },
    // two BYOL models share the clock: batch 64 keeps a step pair under a second on wasm
    preset: { batchSize: 64, evalEvery: 50 },
    readouts: ['step', 'loss', 'stepsPerSec', 'knn', 'std', 'rankme'],
    variants: [
      { id: 'byol', label: 'BYOL', patch: {} },
      { id: 'byol-nopred', label: 'BYOL without predictor', patch: { predictor: false } },
      { id: 'byol-ema0', label: 'BYOL without EMA (τ = 0)', patch: { emaMomentum: 0 } },
      { id: 'byol-nobn', label: 'BYOL without BatchNorm', patch: { batchNorm: false } },
      { id: 'simsiam', label: 'SimSiam', method: 'simsiam', patch: {} },
      { id: 'simsiam-nostopgrad', label: 'SimSiam without stop-gradient', method: 'simsiam', patch: { stopGrad: false } },
    ],
    defaultCompare: ['byol', 'byol-nopred'],
    summary: 'Two identical BYOL models, one without its predictor, trained side by side: watch one keep a rich embedding and the other fall to a point. Then SimSiam’s stop-gradient.',
    load: () => import('./collapse.mdx'),
  },
  {
    id: 'small-batch',
    title: 'Small batches: a contrastive loss needs its negatives, BYOL does not',
    method: 'simclr',
    point: { step: 150, what: 'the batch sizes’ kNN scores have parted' },
    // each run keeps its method's preset but its own batch size; the same images and steps for all
    preset: { evalEvery: 50 },
    readouts: ['step', 'loss', 'stepsPerSec', 'knn'],
    variants: [
      { id: 'simclr-b16', label: 'SimCLR, batch 16', patch: { batchSize: 16 } },
      { id: 'byol-b16', label: 'BYOL, batch 16', method: 'byol', patch: { batchSize: 16 } },
      { id: 'simclr-b64', label: 'SimCLR, batch 64', patch: { batchSize: 64 } },
      { id: 'byol-b64', label: 'BYOL, batch 64', method: 'byol', patch: { batchSize: 64 } },
      { id: 'simclr-b256', label: 'SimCLR, batch 256', patch: { batchSize: 256 } },
      { id: 'byol-b256', label: 'BYOL, batch 256', method: 'byol', patch: { batchSize: 256 } },
    ],
    defaultCompare: ['simclr-b16', 'byol-b16', 'simclr-b64', 'byol-b64'],
    summary: 'SimCLR and BYOL at batch 16, 64 and 256 on the same images for the same steps: does the method without negatives lose less when the batch shrinks, as the BYOL paper found?',
    load: () => import('./small-batch.mdx'),
  },
  {
    id: 'projection-head',
    title: 'Why the projection head is thrown away',
    method: 'simclr',
    point: { step: 150, what: 'the probes on h and on z have parted' },
    preset: {},
    readouts: ['step', 'loss', 'stepsPerSec', 'knn'],
    summary: 'Probe what the representation before the head (h) and after it (z) still know while SimCLR trains: the class, and which way up the image was.',
    load: () => import('./projection-head.mdx'),
  },
  {
    id: 'dino',
    title: 'DINO: centering, sharpening, and the attention that finds the object',
    method: 'dino',
    point: { step: 50, what: 'full DINO’s attention has passed the centre prior' },
    // The tiny ViT of the iBOT/DINOv2 presets on Shapes with distractor strokes: the level where an
    // untrained ViT's attention is a poor guess and DINO's beats the centre prior within ~50 steps
    // (measured: lessons/dino.measured.tsx, README). Three ViT runs share the clock at batch 32.
    preset: {
      dataset: 'shapes', shapesLevel: 'distract', backbone: 'vit', vitWidth: 48, vitDepth: 3, vitHeads: 3,
      batchSize: 32, lr: 5e-4, localCrops: 2, evalEvery: 50,
    },
    readouts: ['step', 'loss', 'stepsPerSec', 'teacherEntropy', 'kl', 'jaccard'],
    variants: [
      { id: 'dino', label: 'DINO', patch: {} },
      { id: 'dino-nocenter', label: 'DINO without centering', patch: { centering: false } },
      { id: 'dino-nosharpen', label: 'DINO without sharpening (τt = τs)', patch: { teacherTemp: 0.1, teacherTempStart: 0.1 } },
      { id: 'dino-noema', label: 'DINO without EMA (teacher = student)', patch: { emaMomentum: 0 } },
      { id: 'dino-nolocal', label: 'DINO without local crops', patch: { localCrops: 0 } },
    ],
    defaultCompare: ['dino', 'dino-nocenter', 'dino-nosharpen'],
    summary: 'Switch off the teacher’s centering or its sharpening and watch DINO collapse in the two opposite ways; with both on, watch a tiny ViT’s attention find the object.',
    load: () => import('./dino.mdx'),
  },
  {
    id: 'ibot',
    title: 'iBOT: predicting the teacher at masked patches',
    method: 'ibot',
    point: { step: 100, what: 'the patch maps have begun to find the objects' },
    // the DINO lesson's data and ViT, so that iBOT and DINO here are the DINO lesson's run plus a patch loss
    preset: MASKED_LESSON,
    readouts: ['step', 'loss', 'stepsPerSec', 'lossCls', 'lossPatch', 'jaccard'],
    variants: [
      { id: 'ibot', label: 'iBOT', patch: {} },
      { id: 'ibot-nopatch', label: 'iBOT without the patch loss (DINO’s loss)', patch: { patchLoss: false } },
      { id: 'dino', label: 'DINO', method: 'dino', patch: {} },
      { id: 'ibot-untied', label: 'iBOT with separate heads', patch: { sharedHead: false } },
    ],
    defaultCompare: ['ibot', 'ibot-nopatch'],
    summary: 'Hide blocks of patches from the student and make it predict what the teacher sees there. Watch the targets, the predictions and the loss per patch, and the patch features organise into parts.',
    load: () => import('./ibot.mdx'),
  },
  {
    id: 'dinov2',
    title: 'DINOv2: what each addition is for',
    method: 'dinov2',
    point: { step: 100, what: 'the runs’ kNN scores and spreads have parted' },
    preset: MASKED_LESSON,
    readouts: ['step', 'loss', 'stepsPerSec', 'teacherEntropy', 'koleo', 'knn'],
    variants: [
      { id: 'dino', label: 'DINO', method: 'dino', patch: {} },
      { id: 'dinov2', label: 'DINOv2', patch: {} },
      { id: 'dinov2-nokoleo', label: 'DINOv2 without KoLeo', patch: { koleoWeight: 0 } },
      { id: 'dinov2-koleo01', label: 'DINOv2 with the paper’s KoLeo weight (0.1)', patch: { koleoWeight: 0.1 } },
      { id: 'dinov2-sinkhorn', label: 'DINOv2 with Sinkhorn-Knopp instead of centering', patch: { sinkhorn: true } },
      { id: 'dinov2-shared', label: 'DINOv2 with one shared head', patch: { sharedHead: true } },
      { id: 'dinov2-ema996', label: 'DINOv2 with a slower teacher (momentum 0.996)', patch: { emaMomentum: 0.996 } },
    ],
    defaultCompare: ['dino', 'dinov2'],
    summary: 'DINO and DINOv2 side by side on one clock; then switch DINOv2’s additions on and off — KoLeo, Sinkhorn-Knopp, untied heads, the teacher’s momentum — and see what each changes.',
    load: () => import('./dinov2.mdx'),
  },
  {
    id: 'budget',
    title: 'Every method on one budget',
    method: 'simclr',
    point: { step: 300, what: 'the step budget is spent' },
    preset: {},
    readouts: ['step', 'loss', 'stepsPerSec', 'knn'],
    // each run gets its own method's preset (batch, backbone, crops): the budget they share is the data and the steps
    variants: [
      { id: 'simclr', label: 'SimCLR', patch: {} },
      { id: 'moco', label: 'MoCo v2', method: 'moco', patch: {} },
      { id: 'byol', label: 'BYOL', method: 'byol', patch: {} },
      { id: 'simsiam', label: 'SimSiam', method: 'simsiam', patch: {} },
      { id: 'dino', label: 'DINO (CNN)', method: 'dino', patch: {} },
      { id: 'ibot', label: 'iBOT (ViT)', method: 'ibot', patch: {} },
      { id: 'dinov2', label: 'DINOv2 (ViT)', method: 'dinov2', patch: {} },
    ],
    defaultCompare: ['simclr', 'byol'],
    summary: 'The lab’s own version of the papers’ tables: every method on the same images for the same number of steps, with held-out kNN, a linear probe, step time and memory.',
    load: () => import('./budget.mdx'),
  },
];
