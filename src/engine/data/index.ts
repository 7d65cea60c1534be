// Dataset loading behind one interface. Where the bytes come from is the caller's business:
// the worker fetches Vite asset URLs from the page's own origin, Node reads node_modules.
import type { Config } from '../../config/schema';
import { parseMnist } from './mnist';
import { shapesDataset } from './shapes';
import type { Dataset } from './types';

export type DataFile = 'mnist-images' | 'mnist-labels';
export type ByteSource = (file: DataFile) => Promise<Uint8Array>;
/** how far a data set is made: images done of the total (Shapes is drawn, a few seconds) */
export type DataProgress = (done: number, total: number) => void;

const cache = new Map<string, Dataset>();

export async function loadDataset(cfg: Pick<Config, 'dataset' | 'shapesLevel'>, bytes: ByteSource, progress?: DataProgress): Promise<Dataset> {
  const key = cfg.dataset === 'shapes' ? `shapes-${cfg.shapesLevel}` : cfg.dataset;
  const hit = cache.get(key);
  if (hit) return hit;
  const ds =
    cfg.dataset === 'shapes'
      ? shapesDataset(cfg.shapesLevel, progress)
      : parseMnist(...((await Promise.all([bytes('mnist-images'), bytes('mnist-labels')])) as [Uint8Array, Uint8Array]));
  cache.set(key, ds);
  return ds;
}
