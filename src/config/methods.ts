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
  /** the readouts its page shows (data-metric names) */
  readouts?: string[];
  /** paper defaults scaled to this lab: a partial override of the schema defaults. */
  preset: ConfigPatch;
}

export const METHODS: Record<MethodId, MethodInfo> = {
  moco: {
    id: 'moco', title: 'MoCo v2', year: 2020, available: true,
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
    loss: {
      name: 'NT-Xent', form: 'paper form, mean over the 2N anchors (the official code reports 2×)',
      reference: { label: 'log(2N−1), the loss of a model that cannot tell views apart', value: (c) => Math.log(2 * c.batchSize - 1) },
    },
    readouts: ['step', 'loss', 'knn', 'contrastiveAcc', 'stepsPerSec', 'lr'],
    // τ 0.1 and Adam 1e-3 at batch 128 match the PyTorch reference runs of this setting
    // (shared/research/small-scale-reference.md §2); the paper's LARS needs far larger batches.
    preset: { temperature: 0.1, batchSize: 128, lr: 1e-3, embedDim: 128, batchNorm: false },
  },
  byol: {
    id: 'byol', title: 'BYOL', year: 2020, available: true,
    loss: {
      name: 'BYOL', form: '‖p̂₁−ẑ₂‖² + ‖p̂₂−ẑ₁‖², mean over the batch (range 0–8)',
      reference: { label: '4, the loss between unrelated directions (0 = perfect agreement, or collapse)', value: () => 4 },
    },
    readouts: ['step', 'loss', 'knn', 'std', 'rankme', 'stepsPerSec'],
    // BatchNorm on: without it BYOL collapses at this scale even with its predictor
    // (shared/research/small-scale-reference.md §3); τ_base 0.99 as BYOL's 100/300-epoch presets
    preset: { batchNorm: true, emaMomentum: 0.99, predictor: true, lr: 1e-3, embedDim: 128, batchSize: 128 },
  },
  simsiam: {
    id: 'simsiam', title: 'SimSiam', year: 2021, available: true,
    loss: {
      name: 'SimSiam', form: '−½(cos(p₁,z₂) + cos(p₂,z₁)), range −1 to 1',
      reference: { label: '−1, perfect agreement — or collapse', value: () => -1 },
    },
    readouts: ['step', 'loss', 'knn', 'std', 'rankme', 'stepsPerSec'],
    preset: { batchNorm: true, predictor: true, stopGrad: true, lr: 1e-3, embedDim: 128, batchSize: 128 },
  },
  dino: { id: 'dino', title: 'DINO', year: 2021, available: false, preset: {} },
  ibot: { id: 'ibot', title: 'iBOT', year: 2022, available: false, preset: {} },
  dinov2: { id: 'dinov2', title: 'DINOv2', year: 2023, available: false, preset: {} },
};

export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];
