// The page's handle on the training worker: the only module the UI uses to talk to it.
// It never imports tfjs (only types), so the main thread stays free of it.
import type { ParamName } from '../config/schema';
import { SCHEMA } from '../config/schema';
import { addNotice, changeConfig, clearRun, noteRestart, receive, useLab, workerCrashed } from '../store/lab';
import type { UiToWorker, WorkerToUi } from './protocol';

let worker: Worker | null = null;

function send(msg: UiToWorker) {
  worker?.postMessage(msg);
}

function spawn() {
  worker?.terminate();
  worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
  worker.onmessage = (e: MessageEvent<WorkerToUi>) => receive(e.data);
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    workerCrashed(e.message || 'The training worker stopped unexpectedly.');
  };
  worker.onmessageerror = () => workerCrashed('A message from the training worker could not be read.');
}

/** Start the worker with the current experiment (and run it if the URL says autorun=1). */
export function startLab() {
  spawn();
  const { experiment } = useLab.getState();
  clearRun();
  send({ type: 'init', method: experiment.method, config: experiment.config, backend: experiment.backend });
  if (experiment.autorun) send({ type: 'play' });
}

/** After a crash: a fresh worker on the same settings. The charts so far are kept. */
export function restartLab() {
  noteRestart();
  spawn();
  const { experiment } = useLab.getState();
  send({ type: 'init', method: experiment.method, config: experiment.config, backend: experiment.backend });
}

export const play = () => send({ type: 'play' });
export const pause = () => send({ type: 'pause' });
export const stepOnce = (count = 1) => send({ type: 'step', count });

export function reset() {
  const { experiment } = useLab.getState();
  clearRun();
  send({ type: 'reset', method: experiment.method, config: experiment.config });
}

/** A control changed: live parameters go to the running model; others rebuild it, with a notice. */
export function setParam<K extends ParamName>(name: K, value: unknown) {
  const { live, reset: needs } = changeConfig({ [name]: value } as never);
  if (needs.length) {
    const wasRunning = useLab.getState().status === 'running';
    addNotice({ param: name, message: `${SCHEMA[name].label} changes the model itself, so training restarted from step 0.` });
    reset();
    if (wasRunning) play();
  } else if (Object.keys(live).length) {
    send({ type: 'set', patch: live });
  }
}

export function stopLab() {
  worker?.terminate();
  worker = null;
}

/** For tests and the console: simulate a worker crash. */
export function crashForTest() {
  worker?.terminate();
  workerCrashed('The training worker was terminated (simulated crash).');
}
