// The page's state. Durable state (the experiment: method + hyperparameters) mirrors the URL;
// ephemeral state (metrics, embeddings, status) comes from the worker and is never persisted.
// Actions are module-level functions, so the worker bridge calls them without React.
import { create } from 'zustand';
import type { MethodId } from '../config/methods';
import { SCHEMA, needsReset, type Config, type ConfigPatch, type Notice, type ParamName } from '../config/schema';
import { serializeExperiment, type Experiment, type LessonMeta } from '../config/url';
import type { BackendInfo } from '../engine/backend';
import type { EvalRecord, StepRecord } from '../engine/trainer';
import type { DatasetInfo, RunStatus, WorkerToUi } from '../worker/protocol';

export interface LabError {
  kind: 'nan' | 'crash' | 'backend';
  message: string;
  step: number;
  hint?: string;
}

export interface LabState {
  experiment: Experiment;
  lessons: readonly LessonMeta[];
  notices: (Notice & { id: number })[];
  status: RunStatus;
  statusMessage?: string;
  step: number;
  stepsPerSec: number;
  backend?: BackendInfo;
  dataset?: DatasetInfo;
  /** every step's record since the last reset (charts decimate when drawing) */
  history: StepRecord[];
  evals: EvalRecord[];
  knnRandomInit?: number;
  embedding?: { step: number; coords: Float32Array; labels: Uint8Array };
  views?: { step: number; k: number; rgba: Uint8ClampedArray };
  error?: LabError;
  memory?: { numTensors: number; numBytes: number };
  /** how many times the worker was restarted after a crash */
  restarts: number;
}

const MAX_HISTORY = 20000;
let noticeId = 0;

export const useLab = create<LabState>(() => ({
  experiment: {
    lesson: null, method: 'simclr', config: {} as Config, autorun: false, backend: 'auto', present: false, hide: [],
  },
  lessons: [],
  notices: [],
  status: 'loading',
  step: 0,
  stepsPerSec: 0,
  history: [],
  evals: [],
  restarts: 0,
}));

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
  const q = serializeExperiment({ ...experiment, autorun: false }, lessons);
  const url = window.location.pathname + (q === '?' ? '' : q);
  if (url !== window.location.pathname + window.location.search) window.history.replaceState(null, '', url);
}

/** A control changed. Returns what the worker must do: apply live, or rebuild the model. */
export function changeConfig(patch: ConfigPatch): { live: ConfigPatch; reset: ParamName[] } {
  const { experiment } = get();
  const reset = needsReset(patch, experiment.config);
  set({ experiment: { ...experiment, config: { ...experiment.config, ...patch } } });
  syncUrl();
  const live: ConfigPatch = {};
  for (const k of Object.keys(patch) as ParamName[]) if (SCHEMA[k].live) (live as Record<string, unknown>)[k] = patch[k];
  return { live, reset };
}

export function setMethod(method: MethodId) {
  const { experiment } = get();
  set({ experiment: { ...experiment, method } });
  syncUrl();
}

export function clearRun() {
  set({ history: [], evals: [], step: 0, embedding: undefined, views: undefined, error: undefined, knnRandomInit: undefined, stepsPerSec: 0 });
}

export function workerCrashed(message: string) {
  set({ status: 'error', error: { kind: 'crash', message, step: get().step } });
}

export function noteRestart() {
  set((s) => ({ restarts: s.restarts + 1, error: undefined }));
}

/** Everything the worker says lands here. */
export function receive(msg: WorkerToUi) {
  switch (msg.type) {
    case 'ready':
      set({ backend: msg.backend, dataset: msg.dataset });
      return;
    case 'status':
      set((s) => ({
        status: msg.status,
        statusMessage: msg.message,
        step: msg.step,
        // a fresh run clears an old error; an error status keeps it visible
        error: msg.status === 'running' || msg.status === 'loading' ? undefined : s.error,
      }));
      return;
    case 'steps': {
      const last = msg.records[msg.records.length - 1];
      set((s) => {
        const history = s.history.concat(msg.records);
        return {
          history: history.length > MAX_HISTORY ? history.slice(history.length - MAX_HISTORY) : history,
          step: last ? last.step : s.step,
          stepsPerSec: msg.stepsPerSec,
        };
      });
      return;
    }
    case 'eval':
      set((s) => ({
        evals: [...s.evals.filter((e) => e.step !== msg.record.step), msg.record],
        knnRandomInit: msg.initial ? msg.record.knn : s.knnRandomInit,
      }));
      return;
    case 'embedding':
      set({ embedding: { step: msg.step, coords: msg.coords, labels: msg.labels } });
      return;
    case 'views':
      set({ views: { step: msg.step, k: msg.k, rgba: msg.rgba } });
      return;
    case 'applied':
      for (const k of msg.rejected) addNotice({ param: k, message: `${SCHEMA[k].label} needs a new model; it applies after reset.` });
      return;
    case 'error':
      set({ error: { kind: msg.kind, message: msg.message, step: msg.step, hint: msg.hint } });
      return;
    case 'memory':
      set({ memory: { numTensors: msg.numTensors, numBytes: msg.numBytes } });
      return;
  }
}
