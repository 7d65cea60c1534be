// The page's handle on the training worker: the only module the UI uses to talk to it.
// It never imports tfjs (only types), so the main thread stays free of it.
import type { ConfigPatch, ParamName } from '../config/schema';
import { SCHEMA } from '../config/schema';
import { parseExperiment, runSpecs, serializeExperiment, type Experiment, type Sweep } from '../config/url';
import { addNotice, changeCompare, changeConfig, changeSweep, clearRun, endReplay, noteRestart, replayFromStart, receive, setMaskViewState, setRecorded, setRecording, useLab, workerCrashed } from '../store/lab';
import type { MaskView, UiToWorker, Watch, WorkerToUi } from '../worker/protocol';
import { forget, recall, remember } from './remember';
import { takeWorker } from './spare';
import { Player } from './player';

/** the training worker, or on a recorded page the player standing in for it */
let worker: Worker | Player | null = null;
let player: Player | null = null;
/** playback speed of recordings, steps per second (kept across resets and switches) */
let speed = 5;
/** the page's own settings while a recording (of the lesson's settings) plays: they come back with live */
let stashed: Experiment | null = null;
/** how many mounted widgets want each optional report */
const watchers = new Map<Watch, number>();

function send(msg: UiToWorker) {
  worker?.postMessage(msg);
}

const recordingUrl = (lesson: string) => `${import.meta.env.BASE_URL}recordings/${lesson}.json.gz`;

function spawn() {
  worker?.terminate();
  const { experiment } = useLab.getState();
  player = experiment.recorded && experiment.lesson ? new Player(recordingUrl(experiment.lesson), setRecording, speed) : null;
  worker = player ?? takeWorker();
  worker.onmessage = (e: MessageEvent<WorkerToUi>) => {
    if (e.data.type === 'backend' && e.data.remember) remember(useLab.getState().experiment.method, e.data.remember);
    receive(e.data);
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    workerCrashed(e.message || 'The training worker stopped unexpectedly.');
  };
  worker.onmessageerror = () => workerCrashed('A message from the training worker could not be read.');
}

function init() {
  const { experiment } = useLab.getState();
  send({ type: 'init', method: experiment.method, config: experiment.config, backend: experiment.backend, threads: experiment.threads, remembered: recall(experiment.method), runs: runSpecs(experiment, useLab.getState().lessons), script: experiment.log ?? [] });
  send({ type: 'maskView', ...useLab.getState().maskView });
  for (const [what, n] of watchers) if (n > 0) send({ type: 'watch', what, on: true });
}

/** Start the worker with the current experiment (and run it if the URL says autorun=1). */
export function startLab() {
  performance.mark('lab:start');
  if (useLab.getState().experiment.recorded) ownSettings();
  spawn();
  const { experiment } = useLab.getState();
  clearRun(runSpecs(experiment, useLab.getState().lessons).map((r) => r.label));
  init();
  if (experiment.autorun) send({ type: 'play' });
}

const canonical = (e: Experiment) => serializeExperiment({ ...e, autorun: false, log: null }, useLab.getState().lessons);

/** A recording is of the lesson's own settings: the page shows those while it plays (the page's own are kept). */
function ownSettings() {
  const e = useLab.getState().experiment;
  const own: Experiment = { ...parseExperiment(`?lesson=${e.lesson}`, useLab.getState().lessons).experiment, autorun: e.autorun, backend: e.backend, threads: e.threads, present: e.present, hide: e.hide, recorded: true };
  if (canonical(own) === canonical(e)) return;
  stashed = e;
  setRecorded(true, own);
  addNotice({ param: 'recorded', message: 'The recording is of this lesson’s own settings, so they are shown while it plays; yours come back when you train live.' });
}

/** Play the lesson's recorded run instead of training (the offer on a slow machine, or the switch). */
export function playRecorded() {
  const e = useLab.getState().experiment;
  if (!e.lesson || e.recorded) return;
  endReplay();
  setRecorded(true);
  startLab();
  play();
}

/** Back from a recording to training, with the page's own settings. */
export function trainLive() {
  const e = useLab.getState().experiment;
  if (!e.recorded) return;
  const wasRunning = useLab.getState().status === 'running';
  setRecorded(false, stashed ?? e);
  stashed = null;
  startLab();
  if (wasRunning) play();
}

export function setPlaybackSpeed(stepsPerSec: number) {
  speed = stepsPerSec;
  player?.setSpeed(stepsPerSec);
}
export const playbackSpeed = () => speed;

/** A change of settings on a recorded page trains live: the page's settings back, the change on top. */
function leaveRecording(change: () => void): boolean {
  const e = useLab.getState().experiment;
  if (!e.recorded) return false;
  const wasRunning = useLab.getState().status === 'running';
  setRecorded(false, stashed ?? e);
  stashed = null;
  change();
  addNotice({ param: 'recorded', message: 'A recording cannot change its settings, so the page now trains live, with yours.' });
  startLab();
  if (wasRunning) play();
  return true;
}

/**
 * The page's own start (LessonPage, MethodPage): a no-op where the entry started the lab already,
 * before React rendered (start.tsx), so that the worker has its settings the moment it is ready.
 */
export function ensureLab() {
  if (!worker) startLab();
}

/** After a crash: a fresh worker on the same settings. The charts so far are kept. */
export function restartLab() {
  noteRestart();
  spawn();
  init();
}

/** Forget what auto chose for this method and choose again, on fresh models (from the badge). */
export function measureAgain() {
  forget(useLab.getState().experiment.method);
  startLab();
}

export const play = () => send({ type: 'play' });
export const pause = () => send({ type: 'pause' });
export const stepOnce = (count = 1) => send({ type: 'step', count });

export function reset() {
  replayFromStart();
  const { experiment } = useLab.getState();
  const runs = runSpecs(experiment, useLab.getState().lessons);
  clearRun(runs.map((r) => r.label));
  send({ type: 'reset', method: experiment.method, config: experiment.config, runs, script: experiment.log ?? [] });
}

/** Start a sweep (or go back to one run) with these base settings; keeps playing if it was. */
export function startSweep(sweep: Sweep | null, patch: ConfigPatch = {}) {
  if (leaveRecording(() => changeSweep(sweep, patch))) return;
  const wasRunning = useLab.getState().status === 'running';
  endReplay();
  changeSweep(sweep, patch);
  reset();
  if (wasRunning) play();
}

/** Compare these variants of the lesson side by side; keeps playing if it was. */
export function startCompare(ids: string[]) {
  if (leaveRecording(() => changeCompare(ids))) return;
  const wasRunning = useLab.getState().status === 'running';
  endReplay();
  changeCompare(ids);
  reset();
  if (wasRunning) play();
}

/** A widget that draws an optional report asks for it while it is mounted. */
export function watch(what: Watch): () => void {
  const n = (watchers.get(what) ?? 0) + 1;
  watchers.set(what, n);
  if (n === 1) send({ type: 'watch', what, on: true });
  return () => {
    const m = (watchers.get(what) ?? 1) - 1;
    watchers.set(what, m);
    if (m === 0) send({ type: 'watch', what, on: false });
  };
}

/** New inspection masks for the masked-patch figure (its ratio slider and resample button). */
export function setMaskView(view: MaskView) {
  setMaskViewState(view);
  send({ type: 'maskView', ...view });
}

/** A control changed: live parameters go to the running model; others rebuild it, with a notice. */
export function setParam<K extends ParamName>(name: K, value: unknown) {
  if (leaveRecording(() => changeConfig({ [name]: value } as never))) return;
  const { live, reset: needs } = changeConfig({ [name]: value } as never);
  if (needs.length) {
    endReplay();
    const wasRunning = useLab.getState().status === 'running';
    addNotice({ param: name, message: `${SCHEMA[name].label} changes the model itself, so training restarted from step 0.` });
    reset();
    if (wasRunning) play();
  } else if (Object.keys(live).length) {
    endReplay();
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
