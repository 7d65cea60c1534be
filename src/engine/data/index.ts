// Dataset loading behind one interface. Where the bytes come from is the caller's business:
// the worker fetches Vite asset URLs from the page's own origin, Node reads node_modules.
import type { Config } from '../../config/schema';
import { parseMnist } from './mnist';
import { shapesDataset } from './shapes';
import type { Dataset } from './types';

export type DataFile = 'mnist-images' | 'mnist-labels';
/** A file's bytes; `progress` hears bytes received of the whole, where the source can tell (a download). */
export type ByteSource = (file: DataFile, progress?: (done: number, total: number) => void) => Promise<Uint8Array>;
/** how far a data set's download is: bytes received of all its files' */
export type DataProgress = (done: number, total: number) => void;

// promises, so that a load started early (the worker fetches MNIST while the backend starts) is
// the one a later caller gets; a failed load is forgotten, so the next try fetches again
const cache = new Map<string, Promise<Dataset>>();

export function loadDataset(cfg: Pick<Config, 'dataset' | 'shapesLevel'>, bytes: ByteSource, progress?: DataProgress): Promise<Dataset> {
  const key = cfg.dataset === 'shapes' ? `shapes-${cfg.shapesLevel}` : cfg.dataset;
  const hit = cache.get(key);
  if (hit) return hit;
  const ds = cfg.dataset === 'shapes' ? Promise.resolve(shapesDataset(cfg.shapesLevel)) : loadMnist(bytes, progress);
  cache.set(key, ds);
  ds.catch(() => cache.delete(key));
  return ds;
}

async function loadMnist(bytes: ByteSource, progress?: DataProgress): Promise<Dataset> {
  const seen = { images: [0, 0], labels: [0, 0] };
  const tell = (which: keyof typeof seen) => (done: number, total: number) => {
    seen[which] = [done, total];
    progress?.(seen.images[0] + seen.labels[0], seen.images[1] + seen.labels[1]);
  };
  const [images, labels] = await Promise.all([bytes('mnist-images', tell('images')), bytes('mnist-labels', tell('labels'))]);
  return parseMnist(images, labels);
}
