// A page's runs from their specs: each its own validated config, sharing a data set where they can,
// with the stage and how far it has come said as it goes.
import type { MethodId } from '../config/methods';
import { validatePatch, type Config, type ConfigPatch } from '../config/schema';
import { loadDataset, type ByteSource } from '../engine/data';
import type { Dataset } from '../engine/data/types';
import { Trainer } from '../engine/trainer';
import type { RunSpec } from './protocol';

export type Say = (message: string, done: number, total: number) => void;

const MB = (bytes: number) => (bytes / 1e6).toFixed(1);

/**
 * A run's data set, its download told as it goes (at most ten times a second). The worker starts
 * this while the backend starts; the runs built after it get the same load.
 */
export function fetchData(cfg: Config, bytes: ByteSource, say: Say): Promise<Dataset> {
  let last = -Infinity;
  return loadDataset(cfg, bytes, (done, total) => {
    const now = performance.now();
    if (done < total && now - last < 100) return;
    last = now;
    say(`Loading the MNIST digits: ${MB(done)} of ${MB(total)} MB…`, done, total);
  });
}

export async function buildRuns(specs: RunSpec[], method: MethodId, config: Config, bytes: ByteSource, say: Say): Promise<{ label: string; patch: ConfigPatch; trainer: Trainer }[]> {
  const datasets = new Map<string, Dataset>();
  const runs: { label: string; patch: ConfigPatch; trainer: Trainer }[] = [];
  for (const spec of specs) {
    const { patch } = validatePatch({ ...config, ...spec.patch } as unknown as Record<string, unknown>, config);
    const cfg = { ...config, ...patch } as Config;
    // runs share the dataset unless they differ in what generates it
    const key = `${cfg.dataset}/${cfg.shapesLevel}/${cfg.seed}`;
    const data = datasets.get(key) ?? (await fetchData(cfg, bytes, say));
    datasets.set(key, data);
    if (specs.length > 1) say(`Building model ${runs.length + 1} of ${specs.length}…`, runs.length, specs.length);
    runs.push({ label: spec.label, patch: spec.patch, trainer: new Trainer(spec.method ?? method, cfg, data) });
  }
  return runs;
}
