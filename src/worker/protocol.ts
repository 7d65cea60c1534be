// The one contract between the page and the training worker. Both sides import only types from
// here; every message is a plain tagged object (easy to log, replay and assert on in tests).
import type { BackendChoice, MethodId } from '../config/methods';
import type { Config, ConfigPatch, ParamName } from '../config/schema';
import type { BackendInfo } from '../engine/backend';
import type { EvalRecord, StepRecord } from '../engine/trainer';

export type RunStatus = 'loading' | 'idle' | 'running' | 'paused' | 'error';

export type UiToWorker =
  | { type: 'init'; method: MethodId; config: Config; backend: BackendChoice }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; count: number }
  /** a new model with these settings (same worker, same backend) */
  | { type: 'reset'; method: MethodId; config: Config }
  /** live parameters: applied on the next step */
  | { type: 'set'; patch: ConfigPatch };

export interface DatasetInfo {
  name: string;
  classNames: readonly string[];
  attribution: string;
  trainSize: number;
  testSize: number;
}

export type WorkerToUi =
  | { type: 'ready'; backend: BackendInfo; dataset: DatasetInfo; step: number }
  | { type: 'status'; status: RunStatus; step: number; message?: string }
  /** step records batched to at most ~10 messages a second */
  | { type: 'steps'; records: StepRecord[]; stepsPerSec: number }
  | { type: 'eval'; record: EvalRecord; initial: boolean }
  /** 2-D PCA of h for held-out images; arrays are transferred, not copied */
  | { type: 'embedding'; step: number; coords: Float32Array; labels: Uint8Array }
  /** k training images × (original, view 1, view 2), 32×32 RGBA each */
  | { type: 'views'; step: number; k: number; rgba: Uint8ClampedArray }
  | { type: 'applied'; patch: ConfigPatch; rejected: ParamName[] }
  | { type: 'error'; kind: 'nan' | 'crash' | 'backend'; message: string; step: number; hint?: string }
  | { type: 'memory'; numTensors: number; numBytes: number };
