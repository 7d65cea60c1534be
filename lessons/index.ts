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
];
