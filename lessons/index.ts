// The course: one entry per lesson, in the lecture's order. Metadata is plain data (the URL
// parser reads it without loading any lesson); the content is an MDX file loaded on demand.
import type { ComponentType } from 'react';
import type { LessonMeta } from '../src/config/url';

export interface Lesson extends LessonMeta {
  summary: string;
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
];
