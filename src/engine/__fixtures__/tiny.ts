// A tiny Shapes problem and config that train in milliseconds: the trainer's and the reports' tests share them.
import { defaultConfig, type Config } from '../../config/schema';
import { generateShapes } from '../data/shapes';
import type { Dataset } from '../data/types';

export function tinyData(): Dataset {
  return { name: 'shapes', classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], train: generateShapes(200, 11), test: generateShapes(60, 12), attribution: '' };
}
export const small = (patch: Partial<Config> = {}): Config => ({ ...defaultConfig(), batchSize: 16, embedDim: 32, blur: true, ...patch });
