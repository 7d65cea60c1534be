// The methods of the lecture, in its order. `available` marks those the engine trains today;
// the others are listed so a link to them explains itself instead of failing.
import type { ConfigPatch } from './schema';

export const METHOD_IDS = ['moco', 'simclr', 'byol', 'simsiam', 'dino', 'ibot', 'dinov2'] as const;
export type MethodId = (typeof METHOD_IDS)[number];

export interface MethodInfo {
  id: MethodId;
  title: string;
  year: number;
  available: boolean;
  /** paper defaults scaled to this lab: a partial override of the schema defaults. */
  preset: ConfigPatch;
}

export const METHODS: Record<MethodId, MethodInfo> = {
  moco: { id: 'moco', title: 'MoCo v2', year: 2020, available: false, preset: {} },
  simclr: {
    id: 'simclr', title: 'SimCLR', year: 2020, available: true,
    // τ 0.1 and Adam 1e-3 at batch 128 match the PyTorch reference runs of this setting
    // (shared/research/small-scale-reference.md §2); the paper's LARS needs far larger batches.
    preset: { temperature: 0.1, batchSize: 128, lr: 1e-3, embedDim: 128, batchNorm: false },
  },
  byol: { id: 'byol', title: 'BYOL', year: 2020, available: false, preset: {} },
  simsiam: { id: 'simsiam', title: 'SimSiam', year: 2021, available: false, preset: {} },
  dino: { id: 'dino', title: 'DINO', year: 2021, available: false, preset: {} },
  ibot: { id: 'ibot', title: 'iBOT', year: 2022, available: false, preset: {} },
  dinov2: { id: 'dinov2', title: 'DINOv2', year: 2023, available: false, preset: {} },
};

export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];
