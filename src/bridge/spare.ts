// The training worker, made before the page needs it. The entry calls prewarm first thing, before
// React and the lessons have loaded, so tfjs loads in the worker while they do.
let spare: Worker | null = null;

const makeWorker = () => new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module', name: 'training' });

/** Start loading the training worker now (a page that trains calls this first thing). */
export function prewarm() {
  spare ??= makeWorker();
  performance.mark('lab:prewarm');
}

/** The worker prewarm made, or a new one. */
export function takeWorker(): Worker {
  const w = spare ?? makeWorker();
  spare = null;
  return w;
}
