// The page's state. Durable state (the experiment: method + hyperparameters) mirrors the URL;
// ephemeral state (metrics, embeddings, status) comes from the worker and is never persisted.
// Actions are module-level functions, so the worker bridge calls them without React.
import { create } from 'zustand';
import type { MethodId } from '../config/methods';
import { SCHEMA, splitPatch, type Config, type ConfigPatch, type Notice, type ParamName } from '../config/schema';
import type { Change } from '../config/changelog';
import { serializeExperiment, type Experiment, type LessonMeta, type Sweep } from '../config/url';
import type { BackendInfo } from '../engine/backend';
import type { Payload, ReportName } from '../engine/reports';
import type { EvalRecord } from '../engine/reports/evaluation';
import type { StepRecord } from '../engine/trainer';
import type { RecordingMeta } from '../worker/protocol';
import type { DatasetInfo, MaskView, ReportMessage, RunStatus, WorkerToUi } from '../worker/protocol';

export interface TrailPoint {
  step: number;
  alignment: number;
  uniformity: number;
  std: number;
  rankme: number;
  meanCos: number;
}

/** A run's latest report of a kind, with the step it was measured at. */
type Latest<K extends ReportName> = { step: number } & Payload<K>;

/** Reports that merge into a run's data rather than replace the last of their kind (see MERGES), and the page-wide preview. */
type Merged = 'eval' | 'probes' | 'runMemory' | 'views';
/** The latest report of every other kind, under its table name: a new report needs no field here. */
type LatestReports = { [K in Exclude<ReportName, Merged>]?: Latest<K> };

/** What one run (one model) has reported since its last reset. */
export interface RunData extends LatestReports {
  label: string;
  /** every step's record (charts decimate when drawing) */
  history: StepRecord[];
  evals: EvalRecord[];
  knnRandomInit?: number;
  /** per head, the attention Jaccard of this run's untrained ViT (measured by the worker at step 0) */
  jaccardAtInit?: number[];
  /** the latest profiled step's bytes and queue, while a memory meter watches */
  memory?: Latest<'runMemory'>;
  /** the largest step peak seen so far, bytes */
  peakBytes?: number;
  /** every probe report so far (h and z), while a widget watches them */
  probes: Latest<'probes'>[];
  /** the numbers of every geometry report so far: the run's path (alignment, uniformity, collapse gauges) */
  trail: TrailPoint[];
}

const emptyRun = (label: string): RunData => ({ label, history: [], evals: [], trail: [], probes: [] });

export interface LabError {
  kind: 'nan' | 'crash' | 'backend';
  message: string;
  step: number;
  hint?: string;
  /** the run of a sweep that failed */
  run?: string;
}

export interface LabState {
  experiment: Experiment;
  lessons: readonly LessonMeta[];
  notices: (Notice & { id: number })[];
  status: RunStatus;
  statusMessage?: string;
  /** how far the stage in statusMessage has come, while loading */
  statusProgress?: { done: number; total: number };
  step: number;
  stepsPerSec: number;
  backend?: BackendInfo;
  dataset?: DatasetInfo;
  /** the page's models by label, in display order; one unless the experiment is a sweep */
  runs: Record<string, RunData>;
  runOrder: string[];
  /** the run that single-run widgets show (a sweep's panels set it on click) */
  focus: string;
  /** a point of the focused run's geometry pointed at in the similarity matrix (row index in z) */
  hover: { run: string; row: number } | null;
  /** the first run's augmentation preview */
  views?: Latest<'views'>;
  error?: LabError;
  memory?: { numTensors: number; numBytes: number };
  /** the masks the masked-patch figure inspects with (ratio, and the seed its resample button moves) */
  maskView: MaskView;
  /** how many times the worker was restarted after a crash */
  restarts: number;
  /** the settings the runs started from (changes before step 1 included), and the live changes since: a shared link's run */
  runStart?: Config;
  changes: Change[];
  /** what plays in the worker's place on a recorded page: when and where the run was recorded */
  recording?: RecordingMeta;
}

const MAX_HISTORY = 20000;
let noticeId = 0;

export const useLab = create<LabState>(() => ({
  experiment: {
    lesson: null, method: 'simclr', config: {} as Config, autorun: false, backend: 'auto', threads: null, present: false, hide: [], sweep: null, compare: null,
  },
  lessons: [],
  notices: [],
  status: 'loading',
  step: 0,
  stepsPerSec: 0,
  runs: { main: emptyRun('main') },
  runOrder: ['main'],
  focus: 'main',
  hover: null,
  maskView: { ratio: 0.4, seed: 1 },
  restarts: 0,
  changes: [],
}));

/** The run single-run widgets show: the focused one, else the first. */
export function focusedRun(s: LabState): RunData {
  return s.runs[s.focus] ?? s.runs[s.runOrder[0]] ?? emptyRun('main');
}

export function setFocus(label: string) {
  if (get().runs[label]) set({ focus: label });
}

export function setHover(hover: LabState['hover']) {
  const h = get().hover;
  if (h?.run !== hover?.run || h?.row !== hover?.row) set({ hover });
}

function updateRun(label: string, f: (r: RunData) => Partial<RunData>) {
  set((s) => {
    const r = s.runs[label];
    if (!r) return {};
    return { runs: { ...s.runs, [label]: { ...r, ...f(r) } } };
  });
}

const set = useLab.setState;
const get = useLab.getState;

export function initExperiment(experiment: Experiment, lessons: readonly LessonMeta[], notices: Notice[]) {
  set({ experiment, lessons, notices: notices.map((n) => ({ ...n, id: ++noticeId })) });
}

export function addNotice(n: Notice) {
  set((s) => ({ notices: [...s.notices.filter((x) => x.param !== n.param), { ...n, id: ++noticeId }] }));
}
export function dismissNotice(id: number) {
  set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/** Keep the address bar equal to the experiment, without adding history entries. */
export function syncUrl() {
  const { experiment, lessons } = get();
  if (typeof window === 'undefined') return;
  const q = serializeExperiment({ ...experiment, autorun: false, log: null }, lessons);
  const url = window.location.pathname + (q === '?' ? '' : q);
  if (url !== window.location.pathname + window.location.search) window.history.replaceState(null, '', url);
}

/** A control changed. Returns what the worker must do: apply live, or rebuild the model. */
export function changeConfig(patch: ConfigPatch): { live: ConfigPatch; reset: ParamName[] } {
  const { experiment } = get();
  const split = splitPatch(patch, experiment.config);
  set({ experiment: { ...experiment, config: { ...experiment.config, ...patch } } });
  syncUrl();
  return split;
}

/** A new sweep (or none) with its base settings; the caller restarts the runs. */
export function changeSweep(sweep: Sweep | null, patch: ConfigPatch = {}) {
  const { experiment } = get();
  set({ experiment: { ...experiment, sweep, compare: null, config: { ...experiment.config, ...patch } } });
  syncUrl();
}

/** Compare these variants of the lesson (or none); the caller restarts the runs. */
export function changeCompare(compare: string[] | null) {
  const { experiment } = get();
  set({ experiment: { ...experiment, compare: compare?.length ? compare : null, sweep: null } });
  syncUrl();
}

export function setPresent(present: boolean) {
  const { experiment } = get();
  set({ experiment: { ...experiment, present } });
  syncUrl();
}

/** Recorded or live (the caller starts the player or a worker); the recording's facts once loaded. */
export function setRecorded(recorded: boolean, experiment: Experiment = get().experiment) {
  // the backend badge waits for the new worker's (or the recording's) word
  set({ experiment: { ...experiment, recorded }, backend: undefined, ...(recorded ? {} : { recording: undefined }) });
  syncUrl();
}
export function setRecording(recording: RecordingMeta) {
  set({ recording });
}

export function setMethod(method: MethodId) {
  const { experiment } = get();
  set({ experiment: { ...experiment, method } });
  syncUrl();
}

/** Forget every run's reports (a reset); `labels` names the runs about to start, if known. */
export function clearRun(labels?: string[]) {
  const order = labels ?? get().runOrder;
  const focus = order.includes(get().focus) ? get().focus : order[0];
  set({ runs: Object.fromEntries(order.map((l) => [l, emptyRun(l)])), runOrder: order, focus, hover: null, step: 0, views: undefined, error: undefined, stepsPerSec: 0 });
}

export function workerCrashed(message: string) {
  set({ status: 'error', error: { kind: 'crash', message, step: get().step } });
}

export function setMaskViewState(maskView: MaskView) {
  set({ maskView });
}

export function noteRestart() {
  set((s) => ({ restarts: s.restarts + 1, error: undefined }));
}

/** Everything the worker says lands here. */
export function receive(msg: WorkerToUi) {
  switch (msg.type) {
    case 'ready': {
      // a fresh set of runs; keep what a run already has if its label survives (a crash restart)
      const runs = Object.fromEntries(msg.runs.map((l) => [l, get().runs[l] ?? emptyRun(l)]));
      const focus = msg.runs.includes(get().focus) ? get().focus : msg.runs[0];
      set({ backend: msg.backend, dataset: msg.dataset, runs, runOrder: msg.runs, focus, runStart: get().experiment.config, changes: [] });
      return;
    }
    case 'status':
      set((s) => ({
        status: msg.status,
        statusMessage: msg.message,
        statusProgress: msg.progress,
        step: msg.step,
        // a fresh run clears an old error; an error status keeps it visible
        error: msg.status === 'running' || msg.status === 'loading' ? undefined : s.error,
      }));
      return;
    case 'steps':
      set((s) => {
        const runs = { ...s.runs };
        let step = s.step;
        for (const [label, records] of Object.entries(msg.records)) {
          const r = runs[label];
          if (!r || !records.length) continue;
          const history = r.history.concat(records);
          runs[label] = { ...r, history: history.length > MAX_HISTORY ? history.slice(history.length - MAX_HISTORY) : history };
          if (label === s.runOrder[0]) step = records[records.length - 1].step;
        }
        return { runs, step, stepsPerSec: msg.stepsPerSec };
      });
      return;
    case 'applied':
      for (const k of msg.rejected) addNotice({ param: k, message: `${SCHEMA[k].label} needs a new model; it applies after reset.` });
      return logChanges(msg);
    case 'error':
      set({ error: { kind: msg.kind, message: msg.message, step: msg.step, hint: msg.hint, run: msg.run } });
      return;
    case 'memory':
      set({ memory: { numTensors: msg.numTensors, numBytes: msg.numBytes } });
      return;
    case 'backend':
      set({ backend: msg.backend });
      return;
    default:
      receiveReport(msg);
  }
}

/** The reports that do more than replace the last of their kind: histories, peaks, baselines, the page-wide preview. */
const MERGES: { [K in Merged | 'attention' | 'geometry']?: (r: RunData, p: Latest<K>) => Partial<RunData> } = {
  // the untrained evaluation can come after the first ones of training (the worker measures it when idle)
  eval: (r, p) => ({ evals: [...r.evals.filter((e) => e.step !== p.record.step), p.record].sort((a, b) => a.step - b.step), knnRandomInit: p.initial ? p.record.knn : r.knnRandomInit }),
  attention: (r, a) => ({ attention: a, jaccardAtInit: a.jaccardAtInit ?? r.jaccardAtInit }),
  runMemory: (r, m) => ({ memory: m, peakBytes: Math.max(r.peakBytes ?? 0, m.stepPeakBytes) }),
  probes: (r, p) => ({ probes: [...r.probes.filter((x) => x.step !== p.step), p] }),
  geometry: (r, g) => ({
    geometry: g,
    trail: [...r.trail.filter((t) => t.step !== g.step), { step: g.step, alignment: g.alignment, uniformity: g.uniformity, std: g.std, rankme: g.rankme, meanCos: g.meanCos }],
  }),
};

/** One report of one run: the generic path, unless the report merges (MERGES). */
function receiveReport(msg: ReportMessage) {
  const { type, run, ...report } = msg;
  // the preview belongs to the page, not to a run
  if (type === 'views') return set({ views: report as Latest<'views'> });
  const merge = MERGES[type as keyof typeof MERGES] as ((r: RunData, p: typeof report) => Partial<RunData>) | undefined;
  updateRun(run, (r) => (merge ? merge(r, report) : { [type]: report }));
}

/** Live changes the worker set on the runs: before step 1 they are where the runs start, after it the run's log; a link's replayed ones also move the controls. */
function logChanges(msg: Extract<WorkerToUi, { type: 'applied' }>) {
  const patch = Object.fromEntries(Object.entries(msg.patch).filter(([k]) => !msg.rejected.includes(k as ParamName))) as ConfigPatch;
  set((s) => {
    const experiment = msg.scripted ? { ...s.experiment, config: { ...s.experiment.config, ...patch } } : s.experiment;
    const start = s.runStart ?? s.experiment.config;
    if (msg.step === 0) return { experiment, runStart: { ...start, ...patch } };
    const now: Record<string, unknown> = { ...start };
    for (const c of s.changes) now[c.param] = c.value;
    const added = (Object.entries(patch) as [ParamName, Change['value']][]).filter(([k, v]) => now[k] !== v).map(([param, value]) => ({ step: msg.step, param, value }));
    return { experiment, changes: added.length ? [...s.changes, ...added] : s.changes };
  });
  if (msg.scripted) syncUrl();
}

/** The page's own live change ends a shared link's replay: from here on it is the student's run. */
export function endReplay() {
  const { experiment } = get();
  if (experiment.log) set({ experiment: { ...experiment, log: null } });
}

/** A reset of a shared link's run starts it again from the link's settings (it replays its changes again). */
export function replayFromStart() {
  const { experiment, runStart } = get();
  if (experiment.log && runStart) {
    set({ experiment: { ...experiment, config: runStart } });
    syncUrl();
  }
}

/** A link that retrains this run: the settings it started from, its live changes at their steps, and autorun. */
export function shareLink(): string {
  const { experiment, lessons, runStart, changes } = get();
  const q = serializeExperiment({ ...experiment, config: runStart ?? experiment.config, autorun: true, log: changes }, lessons);
  return `${window.location.origin}${window.location.pathname}${q}`;
}
