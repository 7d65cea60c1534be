// A page's runs from their specs: each its own validated config, sharing a data set where they can,
// with the stage and how far it has come said as it goes.
import type { MethodId } from '../config/methods';
import { validatePatch, type Config, type ConfigPatch } from '../config/schema';
import { loadDataset, type ByteSource } from '../engine/data';
import type { Dataset } from '../engine/data/types';
import { Trainer } from '../engine/trainer';
import type { RunSpec } from './protocol';
import type { RunMemo } from '../engine/reports/context';
import type { StepRecord } from '../engine/trainer';

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

/**
 * One of a page's runs. Only the first run's model is built before step 1; the others are built
 * when first asked for (in the first tick, just before their own step 1), so that the first step
 * shows a model-build sooner. A model's initial weights come from its own seed, not from the order
 * the models are built in.
 */
export class Run {
  private built: Trainer | null = null;
  /** what the run's reports keep between calls: its step-0 baselines and PCA bases */
  memo: RunMemo = {};
  /** step records not yet sent to the page */
  buffer: StepRecord[] = [];

  constructor(
    readonly label: string,
    readonly patch: ConfigPatch,
    private readonly make: () => Trainer,
  ) {}

  get trainer(): Trainer {
    return (this.built ??= this.make());
  }

  /** the run's step, without building its model: 0 until it is built */
  get step(): number {
    return this.built?.step ?? 0;
  }

  dispose(): void {
    this.built?.dispose();
    this.built = null;
  }
}

/** The page's runs, every data set loaded, the first run's model built (the others on first use). */
export async function buildRuns(specs: RunSpec[], method: MethodId, config: Config, bytes: ByteSource, say: Say): Promise<Run[]> {
  const datasets = new Map<string, Dataset>();
  const runs: Run[] = [];
  for (const spec of specs) {
    const { patch } = validatePatch({ ...config, ...spec.patch } as unknown as Record<string, unknown>, config);
    const cfg = { ...config, ...patch } as Config;
    // runs share the dataset unless they differ in what generates it
    const key = `${cfg.dataset}/${cfg.shapesLevel}/${cfg.seed}`;
    const data = datasets.get(key) ?? (await fetchData(cfg, bytes, say));
    datasets.set(key, data);
    runs.push(new Run(spec.label, spec.patch, () => new Trainer(spec.method ?? method, cfg, data)));
  }
  if (specs.length > 1) say(`Building the first of ${specs.length} models (the others just before their first step)…`, 0, specs.length);
  void runs[0].trainer; // (built now: step 1 needs it at once)
  return runs;
}
