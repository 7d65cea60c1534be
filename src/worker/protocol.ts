// The one contract between the page and the training worker. Both sides import only types from
// here; every message is a plain tagged object (easy to log, replay and assert on in tests).
import type { BackendChoice, MethodId } from '../config/methods';
import type { Change } from '../config/changelog';
import type { Config, ConfigPatch, ParamName } from '../config/schema';
import type { BackendInfo } from '../engine/backend';
import type { Candidate } from '../engine/choice';

/** What auto chose on an earlier visit, for this browser and method. */
export type RememberedBackend = Candidate & { why: string };
import type { MaskView } from '../engine/reports/context';
import type { ReportMessage, Watch } from '../engine/reports';
import type { StepRecord } from '../engine/trainer';

export type { MaskView, ReportMessage, Watch };

export type RunStatus = 'loading' | 'idle' | 'running' | 'paused' | 'error';

/**
 * One model of the page. A sweep is several runs that differ only by `patch` (same data, seed and
 * clock); a plain page has one run. `patch` wins over the page's config, also over live changes.
 */
export interface RunSpec {
  label: string;
  patch: ConfigPatch;
  /** the run's own method (a comparison across methods); default: the message's */
  method?: MethodId;
}

export type UiToWorker =
  /** `script`: a shared link's live changes, each applied once the runs have finished its step */
  | { type: 'init'; method: MethodId; config: Config; backend: BackendChoice; runs: RunSpec[]; threads?: number | null; remembered?: RememberedBackend | null; script?: Change[] }
  /** one clock for every run: a tick trains each run one step, in turn */
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; count: number }
  /** new models with these settings (same worker, same backend) */
  | { type: 'reset'; method: MethodId; config: Config; runs: RunSpec[]; script?: Change[] }
  /** live parameters for every run: applied on the next step */
  | { type: 'set'; patch: ConfigPatch }
  | { type: 'watch'; what: Watch; on: boolean }
  /** new inspection masks for the masked-patch figure (sent again while it is watched) */
  | ({ type: 'maskView' } & MaskView);

export interface DatasetInfo {
  name: string;
  classNames: readonly string[];
  attribution: string;
  trainSize: number;
  testSize: number;
}

export type WorkerToUi =
  /** auto settled (after measuring): the badge changes, and `remember` is kept for the next visit */
  | { type: 'backend'; backend: BackendInfo; remember?: RememberedBackend }
  | { type: 'ready'; backend: BackendInfo; dataset: DatasetInfo; step: number; runs: string[] }
  /** `progress`: how far the stage the message names has come, while loading (a bar on the page) */
  | { type: 'status'; status: RunStatus; step: number; message?: string; progress?: { done: number; total: number } }
  /** step records of every run, batched to at most ~10 messages a second */
  | { type: 'steps'; records: Record<string, StepRecord[]>; stepsPerSec: number }
  /** every report of every run (engine/reports/index.ts: what each carries, when it is sent, at what size) */
  | ReportMessage
  /** live changes set on the runs after `step` (the page's own, or a shared link's when `scripted`) */
  | { type: 'applied'; patch: ConfigPatch; rejected: ParamName[]; step: number; scripted?: boolean }
  | { type: 'error'; kind: 'nan' | 'crash' | 'backend'; message: string; step: number; hint?: string; run?: string }
  | { type: 'memory'; numTensors: number; numBytes: number };

/** A recorded run playing in the worker's place (bridge/player.ts): when and where it was recorded. */
export interface RecordingMeta {
  lesson: string;
  recordedOn: string;
  backend: string;
  steps: number;
  commit: string;
}
