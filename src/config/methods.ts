// The methods of the lecture, in its order. `available` marks those the engine trains today;
// the others are listed so a link to them explains itself instead of failing.
import type { Config, ConfigPatch } from './schema';

export const METHOD_IDS = ['moco', 'simclr', 'byol', 'simsiam', 'dino', 'ibot', 'dinov2'] as const;
export type MethodId = (typeof METHOD_IDS)[number];

export interface MethodInfo {
  id: MethodId;
  title: string;
  year: number;
  available: boolean;
  /** what the loss chart and readout call the loss, and which form of it they show */
  loss?: { name: string; form: string; reference?: { label: string; value: (c: Config) => number } };
  /** what the loss asks of an image's two views (the views strip's caption) */
  views: string;
  /** the readouts its page shows (data-metric names) */
  readouts?: string[];
  /** values the method cannot run without (a URL asking otherwise gets a notice), and why */
  requires?: ConfigPatch;
  requiresWhy?: string;
  /** paper defaults scaled to this lab: a partial override of the schema defaults. */
  preset: ConfigPatch;
}

/** What iBOT's and DINOv2's presets share: the tiny ViT, DINO's guards, masks on half the crops at 0.1–0.5. */
const MASKED_VIT: ConfigPatch = {
  backbone: 'vit', vitWidth: 48, vitDepth: 3, vitHeads: 3, evalEvery: 100, batchSize: 32, lr: 5e-4, localCrops: 2, cropMinScale: 0.4,
  emaMomentum: 0.99, prototypes: 256, teacherTemp: 0.04, teacherTempStart: 0.04, studentTemp: 0.1, centering: true, centerMomentum: 0.9,
  maskProb: 0.5, maskRatioMin: 0.1, maskRatioMax: 0.5, batchNorm: true,
};

export const METHODS: Record<MethodId, MethodInfo> = {
  moco: {
    id: 'moco', title: 'MoCo v2', year: 2020, available: true,
    views: 'The query view must pick out its partner’s key among the queue of past keys.',
    loss: {
      name: 'InfoNCE', form: 'mean cross-entropy over the batch, positive key against the queue',
      reference: { label: 'log(K+1), the loss of a query that cannot tell its key from the queue', value: (c) => Math.log(Math.max(c.batchSize, Math.round(c.queueSize / c.batchSize) * c.batchSize) + 1) },
    },
    readouts: ['step', 'loss', 'knn', 'contrastiveAcc', 'queueFill', 'stepsPerSec'],
    // MoCo v2's τ 0.2; the official CIFAR-10 demo's queue 4,096 and momentum 0.99 (methods.md §2)
    preset: { temperature: 0.2, queueSize: 4096, keyMomentum: 0.99, batchSize: 128, lr: 1e-3, embedDim: 128, batchNorm: false },
  },
  simclr: {
    id: 'simclr', title: 'SimCLR', year: 2020, available: true,
    views: 'The loss must pull each view towards its partner and away from every other view in the batch.',
    loss: {
      name: 'NT-Xent', form: 'paper form, mean over the 2N anchors (the official code reports 2×)',
      reference: { label: 'log(2N−1), the loss of a model that cannot tell views apart', value: (c) => Math.log(2 * c.batchSize - 1) },
    },
    readouts: ['step', 'loss', 'knn', 'contrastiveAcc', 'stepsPerSec', 'lr'],
    // τ 0.1 and Adam 1e-3 at batch 128 match the PyTorch reference runs of this setting
    // (docs/reference-runs.md §2); the paper's LARS needs far larger batches.
    preset: { temperature: 0.1, batchSize: 128, lr: 1e-3, embedDim: 128, batchNorm: false },
  },
  byol: {
    id: 'byol', title: 'BYOL', year: 2020, available: true,
    views: 'The online network must predict the target network’s projection of the other view — with no negatives.',
    loss: {
      name: 'BYOL', form: '‖p̂₁−ẑ₂‖² + ‖p̂₂−ẑ₁‖², mean over the batch (range 0–8)',
      reference: { label: '4, the loss between unrelated directions (0 = perfect agreement, or collapse)', value: () => 4 },
    },
    readouts: ['step', 'loss', 'knn', 'std', 'rankme', 'targetTau', 'stepsPerSec'],
    // BatchNorm on: without it BYOL collapses at this scale even with its predictor
    // (docs/reference-runs.md §3); τ_base 0.99 as BYOL's 100/300-epoch presets
    preset: { batchNorm: true, emaMomentum: 0.99, predictor: true, lr: 1e-3, embedDim: 128, batchSize: 128 },
  },
  simsiam: {
    id: 'simsiam', title: 'SimSiam', year: 2021, available: true,
    views: 'Each view’s prediction must match the other view’s projection, whose gradient is stopped — with no negatives.',
    loss: {
      name: 'SimSiam', form: '−½(cos(p₁,z₂) + cos(p₂,z₁)), range −1 to 1',
      reference: { label: '−1, perfect agreement — or collapse', value: () => -1 },
    },
    readouts: ['step', 'loss', 'knn', 'std', 'rankme', 'stepsPerSec'],
    preset: { batchNorm: true, predictor: true, stopGrad: true, lr: 1e-3, embedDim: 128, batchSize: 128 },
  },
  dino: {
    id: 'dino', title: 'DINO', year: 2021, available: true,
    views: 'The student must give each view the distribution the teacher gives the other one; the student also sees small local crops (not shown).',
    loss: {
      name: 'DINO', form: 'H(teacher, student) over every cross-view pair, mean (KL + teacher entropy)',
      reference: { label: 'log K, the cross-entropy of a uniform student', value: (c) => Math.log(c.prototypes) },
    },
    readouts: ['step', 'loss', 'knn', 'teacherEntropy', 'kl', 'rankme', 'stepsPerSec'],
    // DINO's τs 0.1, τt 0.04, centre momentum 0.9; K and the head scaled down (models/dinoHead.ts);
    // teacher EMA from 0.99 rather than 0.996, so that the teacher moves within a 300-step budget.
    // BatchNorm in the head (DINO's use_bn option): without it, at this scale, every image's head
    // output starts nearly the same, centering removes it, and the teacher goes uniform within
    // ~40 steps (measured; README). The CNN backbone: the ViT is in iBOT's and DINOv2's presets.
    preset: { backbone: 'cnn', batchSize: 64, lr: 1e-3, localCrops: 2, cropMinScale: 0.4, emaMomentum: 0.99, prototypes: 256, teacherTemp: 0.04, teacherTempStart: 0.04, studentTemp: 0.1, centering: true, centerMomentum: 0.9, batchNorm: true },
  },
  ibot: {
    id: 'ibot', title: 'iBOT', year: 2022, available: true,
    views: 'As DINO, and the student sees some patches of each view masked and must predict the teacher’s view of them.',
    requires: { backbone: 'vit' }, requiresWhy: 'its loss is on masked patch tokens',
    loss: {
      name: 'iBOT', form: 'DINO’s [CLS] loss + the patch loss on masked tokens (λ1 = λ2 = 1)',
      reference: { label: '2·log K, both terms at a uniform student', value: (c) => 2 * Math.log(c.prototypes) },
    },
    readouts: ['step', 'loss', 'knn', 'lossPatch', 'teacherEntropy', 'kl', 'stepsPerSec'],
    // iBOT's code: τt 0.04 for [CLS], 0.07 for patches; the README recipe's masks (half the crops,
    // ratio 0.1–0.5) and shared head; crops and scale as this lab's DINO preset
    preset: { ...MASKED_VIT, teacherPatchTemp: 0.07, sharedHead: true },
  },
  dinov2: {
    id: 'dinov2', title: 'DINOv2', year: 2023, available: true,
    views: 'As iBOT, with KoLeo spreading the student’s features apart.',
    requires: { backbone: 'vit' }, requiresWhy: 'its loss is on masked patch tokens',
    loss: {
      name: 'DINOv2', form: 'DINO [CLS] loss + iBOT patch loss + 0.1·KoLeo',
      reference: { label: '2·log K, both distillation terms at a uniform student', value: (c) => 2 * Math.log(c.prototypes) },
    },
    readouts: ['step', 'loss', 'knn', 'lossPatch', 'koleo', 'teacherEntropy', 'kl', 'stepsPerSec'],
    // DINOv2's default config: untied heads, masks on half the crops at 0.1–0.5; centering (its
    // ViT-g config switches to Sinkhorn-Knopp: sinkhorn=1). KoLeo at 0.02, not DINOv2's 0.1: a
    // 300-step ViT starts with nearly equal CLS features, and 0.1 of KoLeo's −log(distance) pulls
    // harder than the distillation — measured +4.5 kNN points with 0.1, +6.8 with 0.02, +10.3 with 0
    preset: { ...MASKED_VIT, sharedHead: false, koleoWeight: 0.02, sinkhorn: false },
  },
};

export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];
/** wasm threads (`threads=N`): more than this gain nothing at the lab's sizes and cost a worker each. */
export const MAX_THREADS = 8;
