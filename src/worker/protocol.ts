// The one contract between the page and the training worker. Both sides import only types from
// here; every message is a plain tagged object (easy to log, replay and assert on in tests).
import type { BackendChoice, MethodId } from '../config/methods';
import type { Config, ConfigPatch, ParamName } from '../config/schema';
import type { BackendInfo } from '../engine/backend';
import type { AttentionReport, EvalRecord, Geometry, MaskedReport, MemoryReport, PatchPcaReport, ProbeReport, SpreadReport, StepRecord, TeacherReport } from '../engine/trainer';

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

/** Optional reports the page asks for while a widget that draws them is on screen. */
export type Watch = 'geometry' | 'embedding' | 'attention' | 'teacher' | 'probes' | 'runMemory' | 'patches' | 'masked' | 'spread';

/** The masks the masked-patch figure inspects with: every shown image hidden at `ratio`, drawn from `seed`. */
export interface MaskView {
  ratio: number;
  seed: number;
}

export type UiToWorker =
  | { type: 'init'; method: MethodId; config: Config; backend: BackendChoice; runs: RunSpec[] }
  /** one clock for every run: a tick trains each run one step, in turn */
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; count: number }
  /** new models with these settings (same worker, same backend) */
  | { type: 'reset'; method: MethodId; config: Config; runs: RunSpec[] }
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
  | { type: 'ready'; backend: BackendInfo; dataset: DatasetInfo; step: number; runs: string[] }
  | { type: 'status'; status: RunStatus; step: number; message?: string }
  /** step records of every run, batched to at most ~10 messages a second */
  | { type: 'steps'; records: Record<string, StepRecord[]>; stepsPerSec: number }
  | { type: 'eval'; run: string; record: EvalRecord; initial: boolean }
  /** 2-D PCA of h for held-out images; arrays are transferred, not copied */
  | { type: 'embedding'; run: string; step: number; coords: Float32Array; labels: Uint8Array }
  /** normalised z of two views of n held-out images ([2n, d], first views first), while watched */
  | ({ type: 'geometry'; run: string; step: number } & Geometry)
  /** the ViT's last-layer CLS→patch attention on held-out images, while watched (ViT runs only) */
  | ({ type: 'attention'; run: string; step: number } & AttentionReport)
  /** probes on h and on z (class by kNN and linear probe, the applied quarter turn), at evaluations while watched */
  | ({ type: 'probes'; run: string; step: number } & ProbeReport)
  /** a run's bytes (model, state, one step's peak) and its queue, from a profiled training step, while watched */
  | ({ type: 'runMemory'; run: string; step: number } & MemoryReport)
  /** PCA of the ViT's last-layer patch features on held-out images as colours, while watched */
  | ({ type: 'patches'; run: string; step: number } & PatchPcaReport)
  /** the masked-patch term on a few held-out images under the page's inspection masks, while watched (iBOT, DINOv2) */
  | ({ type: 'masked'; run: string; step: number } & MaskedReport)
  /** nearest-neighbour distances and uniformity of the backbone's CLS features, while watched */
  | ({ type: 'spread'; run: string; step: number } & SpreadReport)
  /** the teacher's distributions over prototypes on held-out images, while watched (DINO family) */
  | ({ type: 'teacher'; run: string; step: number } & TeacherReport)
  /**
   * k training images × (original, view 1, view 2), 32×32 RGBA each (the first run's augmentations);
   * multi-crop methods add `count` local crops per image, 16×16 RGBA, crop-major
   */
  | { type: 'views'; step: number; k: number; rgba: Uint8ClampedArray; locals?: { count: number; rgba: Uint8ClampedArray } }
  | { type: 'applied'; patch: ConfigPatch; rejected: ParamName[] }
  | { type: 'error'; kind: 'nan' | 'crash' | 'backend'; message: string; step: number; hint?: string; run?: string }
  | { type: 'memory'; numTensors: number; numBytes: number };
