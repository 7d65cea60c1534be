// The training loop behind the worker: play / pause / step / reset, throttled reporting, and
// errors turned into messages. No DOM: it runs in a worker and in Node (tests drive it directly).
// Several runs (a sweep) share one clock: each tick trains every run one step, in turn, so the
// runs are always at the same step and differ only by their patch.
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, MethodId } from '../config/methods';
import { validatePatch, type Config, type ConfigPatch } from '../config/schema';
import { initBackend, type BackendInfo, type BackendOptions } from '../engine/backend';
import { loadDataset, type ByteSource } from '../engine/data';
import type { Dataset } from '../engine/data/types';
import { substream } from '../engine/rng';
import { BROWSER_EVAL, BROWSER_PROBES, LIGHT_EVAL, NonFiniteLossError, Trainer, type EvalSizes, type ProbeSizes, type StepRecord } from '../engine/trainer';
import type { MaskView, RunSpec, RunStatus, UiToWorker, Watch, WorkerToUi } from './protocol';

export type Post = (msg: WorkerToUi, transfer?: Transferable[]) => void;

const REPORT_MS = 100; // metrics reach the UI at most ~10 times a second
type Periodic = 'geometry' | 'attention' | 'teacher' | 'patches' | 'masked' | 'spread';
/**
 * Reports that refresh while training runs and a widget watches them: at most every `everyMs`, and
 * spending at most about `share` of the time (a slow report waits longer between refreshes).
 */
const PERIODIC: Record<Periodic, { everyMs: number; share: number }> = {
  geometry: { everyMs: 600, share: 0.2 },
  attention: { everyMs: 1500, share: 0.1 },
  teacher: { everyMs: 1000, share: 0.05 },
  patches: { everyMs: 1500, share: 0.1 },
  masked: { everyMs: 1000, share: 0.05 },
  spread: { everyMs: 1000, share: 0.05 },
};
const PERIODIC_WATCHES = Object.keys(PERIODIC) as Periodic[];
const EMBED_POINTS = 1000;
const PREVIEW_IMAGES = 6;
/** attention maps drawn, and held-out images their Jaccard is averaged over */
const ATTENTION_IMAGES = 12;
const ATTENTION_SCORED = 100;
const TEACHER_IMAGES = 128;
/** patch-feature maps drawn, and held-out images in their PCA */
const PATCH_IMAGES = 12;
const PATCH_SCORED = 100;
const MASKED_IMAGES = 4;
const SPREAD_IMAGES = 500;
const PROFILE_EVERY = 10;
const LIGHT_PROBES: ProbeSizes = { train: 200, test: 100, rotation: 100 };
/** held-out images on the sphere: fewer per run when several runs share the screen (and the CPU) */
const geometryPoints = (runs: number) => (runs > 1 ? 128 : 256);
export const MAX_RUNS = 6;

const yieldToEvents = () => new Promise<void>((r) => setTimeout(r, 0));

export interface RunnerOptions extends BackendOptions {
  bytes: ByteSource;
  evalSizes?: EvalSizes;
}

interface Slot {
  label: string;
  patch: ConfigPatch;
  trainer: Trainer;
  basis?: Float64Array;
  /** the patch-feature PCA's last basis: colours keep their sign between frames */
  patchBasis?: Float64Array;
  buffer: StepRecord[];
}

export class Runner {
  private slots: Slot[] = [];
  private backend: BackendInfo | null = null;
  private status: RunStatus = 'loading';
  private pendingSteps = 0;
  private looping: Promise<void> | null = null;
  private lastFlush = 0;
  /** when each periodic report was last sent, and what it cost */
  private periodic = new Map<Periodic, { last: number; ms: number }>();
  /** reports asked for while a tick was in flight: sent after it */
  private due = new Set<Watch>();
  private rateWindow: number[] = [];
  private watching = new Set<Watch>();
  private maskView: MaskView = { ratio: 0.4, seed: 1 };
  /** bumped on reset so a loop iteration that started on the old models stops quietly. */
  private generation = 0;

  constructor(
    private readonly post: Post,
    private readonly opts: RunnerOptions,
  ) {}

  /** The first run's trainer (tests, and single-run pages). */
  get trainer(): Trainer | null {
    return this.slots[0]?.trainer ?? null;
  }

  async handle(msg: UiToWorker): Promise<void> {
    switch (msg.type) {
      case 'init':
        return this.init(msg.method, msg.config, msg.backend, msg.runs);
      case 'reset':
        return this.reset(msg.method, msg.config, msg.runs);
      case 'play':
        return this.play();
      case 'pause':
        return this.pause();
      case 'step':
        return this.stepOnce(msg.count);
      case 'set':
        return this.set(msg.patch);
      case 'watch':
        return this.watch(msg.what, msg.on);
      case 'maskView':
        // clamped like any value from the page; a malformed one keeps the last masks
        if (Number.isFinite(msg.ratio) && Number.isFinite(msg.seed)) this.maskView = { ratio: Math.min(0.9, Math.max(0.05, msg.ratio)), seed: Math.round(msg.seed) };
        return this.refresh('masked');
    }
  }

  /** software GPU or pure-JS cpu: evaluate on fewer images */
  private get slow(): boolean {
    return Boolean(this.backend?.software || this.backend?.name === 'cpu');
  }

  private get attentionScored(): number {
    return this.slow ? 24 : ATTENTION_SCORED;
  }

  private get patchScored(): number {
    return this.slow ? 24 : PATCH_SCORED;
  }

  private get step(): number {
    return this.trainer?.step ?? 0;
  }

  private setStatus(status: RunStatus, message?: string) {
    this.status = status;
    this.post({ type: 'status', status, step: this.step, message });
  }

  private async init(method: MethodId, config: Config, backend: BackendChoice, runs: RunSpec[]) {
    this.setStatus('loading', 'Starting the backend…');
    try {
      this.backend = await initBackend(backend, this.opts);
    } catch (e) {
      this.post({ type: 'error', kind: 'backend', message: String((e as Error).message ?? e), step: 0, hint: 'Try backend=wasm in the address bar.' });
      this.setStatus('error');
      return;
    }
    await this.reset(method, config, runs);
  }

  private async reset(method: MethodId, config: Config, runs: RunSpec[]) {
    this.generation++;
    this.pendingSteps = 0;
    await this.looping; // never dispose a model under a step in flight
    this.setStatus('loading', runs.length > 1 ? `Preparing data and ${runs.length} new models…` : 'Preparing data and a new model…');
    this.slots.forEach((s) => s.trainer.dispose());
    this.slots = [];
    const specs = (runs.length ? runs : [{ label: 'main', patch: {} }]).slice(0, MAX_RUNS);
    const datasets = new Map<string, Dataset>();
    let first: Dataset | null = null;
    for (const spec of specs) {
      const { patch } = validatePatch({ ...config, ...spec.patch } as unknown as Record<string, unknown>, config);
      const cfg = { ...config, ...patch } as Config;
      // runs share the dataset unless they differ in what generates it
      const key = `${cfg.dataset}/${cfg.shapesLevel}/${cfg.seed}`;
      const data = datasets.get(key) ?? (await loadDataset(cfg, this.opts.bytes));
      datasets.set(key, data);
      first ??= data;
      const trainer = new Trainer(spec.method ?? method, cfg, data);
      // the untrained ViT's attention and patch-feature scores, the baselines every later report is read against
      if (data.test.masks) {
        await trainer.attentionMaps(0, this.attentionScored);
        await trainer.patchPca(0, this.patchScored);
      }
      this.slots.push({ label: spec.label, patch: spec.patch, trainer, buffer: [] });
    }
    this.rateWindow = [];
    this.post({
      type: 'ready',
      backend: this.backend!,
      dataset: { name: first!.name, classNames: first!.classNames, attribution: first!.attribution, trainSize: first!.train.n, testSize: first!.test.n },
      step: 0,
      runs: this.slots.map((s) => s.label),
    });
    await this.report(true);
    this.setStatus('idle');
  }

  private set(patch: ConfigPatch) {
    if (!this.slots.length) return;
    const { patch: valid } = validatePatch(patch as Record<string, unknown>, this.slots[0].trainer.config);
    let rejected: ReturnType<Trainer['setParams']> = [];
    for (const s of this.slots) {
      // a run's own value of a swept parameter is what makes it that run: it is never overwritten
      const own = Object.fromEntries(Object.entries(valid).filter(([k]) => !(k in s.patch)));
      rejected = s.trainer.setParams(own);
    }
    this.post({ type: 'applied', patch: valid, rejected });
  }

  private async watch(what: Watch, on: boolean) {
    if (on) this.watching.add(what);
    else this.watching.delete(what);
    if (on) await this.refresh(what);
  }

  /** A watched report now, or after the tick in flight. */
  private async refresh(what: Watch) {
    if (!this.watching.has(what) || this.status === 'loading' || !this.slots.length) return;
    if (this.status === 'running') this.due.add(what);
    else await this.send(what);
  }

  private async send(what: Watch): Promise<void> {
    if (what === 'embedding') return this.sendEmbeddings();
    if (what === 'probes') return this.sendProbes();
    if (what === 'runMemory') return; // measured on training steps: see runLoop
    const t0 = performance.now();
    const senders: Record<Periodic, () => Promise<void>> = {
      geometry: () => this.sendGeometry(),
      attention: () => this.sendAttention(),
      teacher: () => this.sendTeacher(),
      patches: () => this.sendPatches(),
      masked: () => this.sendMasked(),
      spread: () => this.sendSpread(),
    };
    await senders[what]();
    this.periodic.set(what, { last: performance.now(), ms: performance.now() - t0 });
  }

  /** The watched periodic report most overdue after this tick, if any is due. */
  private duePeriodic(now: number): Periodic | null {
    let best: Periodic | null = null;
    let lateness = 0;
    for (const what of PERIODIC_WATCHES) {
      if (!this.watching.has(what)) continue;
      const { last, ms } = this.periodic.get(what) ?? { last: 0, ms: 0 };
      const late = now - last - Math.max(PERIODIC[what].everyMs, ms / PERIODIC[what].share);
      if (late > lateness) {
        best = what;
        lateness = late;
      }
    }
    return best;
  }

  /** Attention maps of a fixed grid of held-out images, per ViT run (only while a widget draws them). */
  private async sendAttention() {
    const gen = this.generation;
    for (const s of this.slots) {
      const a = await s.trainer.attentionMaps(ATTENTION_IMAGES, this.attentionScored);
      if (gen !== this.generation) return;
      if (a) this.post({ type: 'attention', run: s.label, step: s.trainer.step, ...a }, [a.maps.buffer, a.rgba.buffer]);
    }
  }

  /** Patch-feature PCA maps, per ViT run (only while a widget draws them). */
  private async sendPatches() {
    const gen = this.generation;
    for (const s of this.slots) {
      const r = await s.trainer.patchPca(PATCH_IMAGES, this.patchScored, s.patchBasis);
      if (gen !== this.generation) return;
      if (!r) continue;
      s.patchBasis = r.basis;
      this.post({ type: 'patches', run: s.label, step: s.trainer.step, ...r.report }, [r.report.rgb.buffer, r.report.foreground.buffer, r.report.rgba.buffer]);
    }
  }

  /** The masked-patch term under the page's inspection masks, per run of a masked-patch method. */
  private async sendMasked() {
    const gen = this.generation;
    for (const s of this.slots) {
      const r = await s.trainer.maskedReport(MASKED_IMAGES, this.maskView.ratio, this.maskView.seed);
      if (gen !== this.generation) return;
      if (r) this.post({ type: 'masked', run: s.label, step: s.trainer.step, ...r }, [r.masks.buffer, r.teacherTop.buffer, r.studentTop.buffer, r.loss.buffer, r.teacherConfidence.buffer, r.rgba.buffer]);
    }
  }

  /** Nearest-neighbour distances of the backbone's features, per run. */
  private async sendSpread() {
    const gen = this.generation;
    for (const s of this.slots) {
      const r = await s.trainer.spread(this.slow ? 100 : SPREAD_IMAGES);
      if (gen !== this.generation) return;
      this.post({ type: 'spread', run: s.label, step: s.trainer.step, ...r }, [r.nn.buffer]);
    }
  }

  /** Probes on h and z for every run (only while watched: seconds of work on wasm, so at evaluations). */
  private async sendProbes() {
    const gen = this.generation;
    const sizes = this.slow ? LIGHT_PROBES : BROWSER_PROBES;
    for (const s of this.slots) {
      const p = await s.trainer.probes(sizes);
      if (gen !== this.generation) return;
      this.post({ type: 'probes', run: s.label, step: s.trainer.step, ...p });
    }
  }

  /** The teacher's distributions over prototypes, per run of the DINO family (only while watched). */
  private async sendTeacher() {
    const gen = this.generation;
    for (const s of this.slots) {
      const t = await s.trainer.teacherReport(this.slow ? 32 : TEACHER_IMAGES);
      if (gen !== this.generation) return;
      if (t) this.post({ type: 'teacher', run: s.label, step: s.trainer.step, ...t }, [t.mean.buffer, t.sortedPerImage.buffer]);
    }
  }

  private play() {
    if (!this.slots.length || this.status === 'loading') return;
    this.pendingSteps = Infinity;
    this.setStatus('running');
    void this.loop();
  }

  private pause() {
    this.pendingSteps = 0;
    // a loop in flight finishes its tick, flushes its records, then reports 'paused' itself, so the
    // page never shows a paused step count that its history lacks
    if (this.status === 'running' && !this.looping) this.setStatus('paused');
  }

  private stepOnce(count: number) {
    if (!this.slots.length || this.status === 'loading' || this.status === 'running') return;
    this.pendingSteps = Math.max(1, Math.min(1000, Math.floor(count) || 1));
    this.setStatus('running');
    void this.loop();
  }

  private loop(): Promise<void> {
    if (!this.looping) this.looping = this.runLoop().finally(() => (this.looping = null));
    return this.looping;
  }

  private async runLoop() {
    const gen = this.generation;
    let current: Slot | null = null;
    try {
      while (this.pendingSteps > 0 && this.slots.length && gen === this.generation) {
        // a tick: every run one step. A run that failed this tick is not stepped again until the
        // others have caught up, so they stay in lockstep.
        const target = Math.min(...this.slots.map((x) => x.trainer.step)) + 1;
        for (const s of this.slots) {
          if (s.trainer.step >= target) continue;
          current = s;
          // while a memory meter watches: every PROFILE_EVERY steps the step is profiled (it still trains)
          if (this.watching.has('runMemory') && s.trainer.step % PROFILE_EVERY === 0) {
            const { memory, record } = await s.trainer.memoryReport();
            s.buffer.push(record);
            this.post({ type: 'runMemory', run: s.label, step: record.step, ...memory });
          } else s.buffer.push(await s.trainer.trainStep());
          if (gen !== this.generation) return;
        }
        current = null;
        this.pendingSteps--;
        this.rateWindow.push(performance.now());
        if (this.rateWindow.length > 20) this.rateWindow.shift();
        const tr = this.trainer!;
        const evalDue = tr.step % tr.config.evalEvery === 0;
        const budgetDone = tr.step === tr.config.steps;
        const now = performance.now();
        if (evalDue || budgetDone || this.pendingSteps === 0 || now - this.lastFlush > REPORT_MS) this.flush();
        const periodic = evalDue || budgetDone || this.pendingSteps === 0 ? null : this.duePeriodic(now);
        if (evalDue || budgetDone) await this.report(false);
        // the last of a few single steps: every watched figure shows where they ended
        else if (this.pendingSteps === 0) for (const what of PERIODIC_WATCHES) this.watching.has(what) && (await this.send(what));
        else if (periodic) await this.send(periodic);
        else if (tr.step % 10 === 0) await this.sendViews();
        for (const what of this.due) {
          this.due.delete(what);
          await this.send(what);
        }
        if (budgetDone && this.pendingSteps === Infinity) {
          this.pendingSteps = 0;
          this.flush();
          this.setStatus('paused', `Step budget of ${tr.config.steps} reached (the learning rate has decayed to 0). Raise “Step budget” to train on.`);
          break;
        }
        await yieldToEvents();
      }
      if (gen === this.generation) {
        this.flush();
        if (this.status === 'running') this.setStatus('paused');
      }
    } catch (e) {
      this.flush();
      this.pendingSteps = 0;
      const run = this.slots.length > 1 && current ? current.label : undefined;
      const who = run ? `Run ${run}: ` : '';
      if (e instanceof NonFiniteLossError) {
        this.post({
          type: 'error', kind: 'nan', step: e.step, run, message: who + e.message,
          hint: 'Training paused and the weights were left as they were before this step. A smaller learning rate or a larger temperature usually helps; then press play, or reset.',
        });
      } else {
        this.post({ type: 'error', kind: 'crash', step: this.step, run, message: who + String((e as Error)?.stack ?? e) });
      }
      this.setStatus('error');
    }
  }

  private flush() {
    if (!this.slots.some((s) => s.buffer.length)) return;
    const w = this.rateWindow;
    const stepsPerSec = w.length > 1 ? ((w.length - 1) * 1000) / (w[w.length - 1] - w[0]) : 0;
    const records: Record<string, StepRecord[]> = {};
    for (const s of this.slots) {
      records[s.label] = s.buffer;
      s.buffer = [];
    }
    this.post({ type: 'steps', records, stepsPerSec });
    this.lastFlush = performance.now();
    const mem = tf.memory();
    this.post({ type: 'memory', numTensors: mem.numTensors, numBytes: mem.numBytes });
  }

  /** kNN and geometry, the embedding view and the augmentation preview, for every run. */
  private async report(initial: boolean) {
    const gen = this.generation;
    const sizes = this.opts.evalSizes ?? (this.slow ? LIGHT_EVAL : BROWSER_EVAL);
    for (const s of this.slots) {
      const record = await s.trainer.evaluate(sizes);
      if (gen !== this.generation) return;
      this.post({ type: 'eval', run: s.label, record, initial });
    }
    for (const what of ['embedding', 'attention', 'teacher', 'geometry', 'probes', 'patches', 'masked', 'spread'] as const) if (this.watching.has(what)) await this.send(what);
    await this.sendViews();
  }

  /** 2-D PCA of h for held-out images, per run (only while an embedding view is on the page). */
  private async sendEmbeddings() {
    const gen = this.generation;
    const points = Math.max(100, Math.round((this.slow ? 200 : EMBED_POINTS) / this.slots.length));
    for (const s of this.slots) {
      const { coords, labels, basis } = await s.trainer.embedding2d(points, s.basis);
      s.basis = basis;
      if (gen !== this.generation) return;
      this.post({ type: 'embedding', run: s.label, step: s.trainer.step, coords, labels }, [coords.buffer, labels.buffer]);
    }
  }

  private async sendGeometry() {
    const gen = this.generation;
    const n = geometryPoints(this.slots.length);
    for (const s of this.slots) {
      const g = await s.trainer.geometry(n);
      if (gen !== this.generation) return;
      this.post({ type: 'geometry', run: s.label, step: s.trainer.step, ...g }, [g.z.buffer, g.labels.buffer, g.spectrum.buffer]);
    }
  }

  private async sendViews() {
    const tr = this.trainer;
    if (!tr) return;
    const { rgba, locals } = await tr.viewsPreview(PREVIEW_IMAGES, substream(tr.config.seed + tr.step, 'preview'));
    this.post({ type: 'views', step: tr.step, k: PREVIEW_IMAGES, rgba, locals }, [rgba.buffer, ...(locals ? [locals.rgba.buffer] : [])]);
  }
}
