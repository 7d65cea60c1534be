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

export const LESSONS: Lesson[] = [
  {
    id: 'simclr',
    title: 'SimCLR: learning by telling images apart',
    method: 'simclr',
    preset: {},
    summary: 'Two augmented views of each image, one encoder, a projection head, and the NT-Xent loss — trained live.',
    load: () => import('./simclr.mdx'),
  },
  {
    id: 'temperature',
    title: 'Temperature and batch size: how NT-Xent spreads embeddings',
    method: 'simclr',
    // z on the circle, evaluated often enough to draw a path in the alignment–uniformity plane
    preset: { embedDim: 2, evalEvery: 25 },
    readouts: ['step', 'loss', 'stepsPerSec', 'knn', 'alignment', 'uniformity'],
    summary: 'Watch z on the circle while SimCLR trains; sweep τ and the batch size side by side; work out where the gradient goes, and what the loss wants at its optimum.',
    load: () => import('./temperature.mdx'),
  },
  {
    id: 'collapse',
    title: 'Why BYOL does not collapse — and how it does without its predictor',
    method: 'byol',
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
];
