// The training loop behind the worker: play / pause / step / reset, throttled reporting, and
// errors turned into messages. No DOM: it runs in a worker and in Node (tests drive it directly).
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, MethodId } from '../config/methods';
import { validatePatch, type Config, type ConfigPatch } from '../config/schema';
import { initBackend, type BackendInfo, type BackendOptions } from '../engine/backend';
import { loadDataset, type ByteSource } from '../engine/data';
import { substream } from '../engine/rng';
import { BROWSER_EVAL, LIGHT_EVAL, NonFiniteLossError, Trainer, type EvalSizes, type StepRecord } from '../engine/trainer';
import type { RunStatus, UiToWorker, WorkerToUi } from './protocol';

export type Post = (msg: WorkerToUi, transfer?: Transferable[]) => void;

const REPORT_MS = 100; // metrics reach the UI at most ~10 times a second
const EMBED_POINTS = 1000;
const PREVIEW_IMAGES = 6;

const yieldToEvents = () => new Promise<void>((r) => setTimeout(r, 0));

export interface RunnerOptions extends BackendOptions {
  bytes: ByteSource;
  evalSizes?: EvalSizes;
}

export class Runner {
  private trainer: Trainer | null = null;
  private backend: BackendInfo | null = null;
  private status: RunStatus = 'loading';
  private pendingSteps = 0;
  private looping: Promise<void> | null = null;
  private buffer: StepRecord[] = [];
  private lastFlush = 0;
  private rateWindow: number[] = [];
  private basis: Float64Array | undefined;
  /** bumped on reset so a loop iteration that started on the old model stops quietly. */
  private generation = 0;

  constructor(
    private readonly post: Post,
    private readonly opts: RunnerOptions,
  ) {}

  async handle(msg: UiToWorker): Promise<void> {
    switch (msg.type) {
      case 'init':
        return this.init(msg.method, msg.config, msg.backend);
      case 'reset':
        return this.reset(msg.method, msg.config);
      case 'play':
        return this.play();
      case 'pause':
        return this.pause();
      case 'step':
        return this.stepOnce(msg.count);
      case 'set':
        return this.set(msg.patch);
    }
  }

  /** software GPU or pure-JS cpu: evaluate on fewer images */
  private get slow(): boolean {
    return Boolean(this.backend?.software || this.backend?.name === 'cpu');
  }

  private setStatus(status: RunStatus, message?: string) {
    this.status = status;
    this.post({ type: 'status', status, step: this.trainer?.step ?? 0, message });
  }

  private async init(method: MethodId, config: Config, backend: BackendChoice) {
    this.setStatus('loading', 'Starting the backend…');
    try {
      this.backend = await initBackend(backend, this.opts);
    } catch (e) {
      this.post({ type: 'error', kind: 'backend', message: String((e as Error).message ?? e), step: 0, hint: 'Try backend=wasm in the address bar.' });
      this.setStatus('error');
      return;
    }
    await this.reset(method, config);
  }

  private async reset(method: MethodId, config: Config) {
    this.generation++;
    this.pendingSteps = 0;
    await this.looping; // never dispose a model under a step in flight
    this.setStatus('loading', 'Preparing data and a new model…');
    this.trainer?.dispose();
    this.trainer = null;
    const { patch } = validatePatch(config as unknown as Record<string, unknown>, config);
    const cfg = { ...config, ...patch } as Config;
    const data = await loadDataset(cfg, this.opts.bytes);
    this.trainer = new Trainer(method, cfg, data);
    this.basis = undefined;
    this.buffer = [];
    this.rateWindow = [];
    this.post({
      type: 'ready',
      backend: this.backend!,
      dataset: { name: data.name, classNames: data.classNames, attribution: data.attribution, trainSize: data.train.n, testSize: data.test.n },
      step: 0,
    });
    await this.report(true);
    this.setStatus('idle');
  }

  private set(patch: ConfigPatch) {
    if (!this.trainer) return;
    const { patch: valid } = validatePatch(patch as Record<string, unknown>, this.trainer.config);
    const rejected = this.trainer.setParams(valid);
    this.post({ type: 'applied', patch: valid, rejected });
  }

  private play() {
    if (!this.trainer || this.status === 'loading') return;
    this.pendingSteps = Infinity;
    this.setStatus('running');
    void this.loop();
  }

  private pause() {
    this.pendingSteps = 0;
    // a loop in flight finishes its step, flushes its records, then reports 'paused' itself, so the
    // page never shows a paused step count that its history lacks
    if (this.status === 'running' && !this.looping) this.setStatus('paused');
  }

  private stepOnce(count: number) {
    if (!this.trainer || this.status === 'loading' || this.status === 'running') return;
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
    try {
      while (this.pendingSteps > 0 && this.trainer && gen === this.generation) {
        const tr = this.trainer;
        const rec = await tr.trainStep();
        if (gen !== this.generation) break;
        this.pendingSteps--;
        this.buffer.push(rec);
        this.rateWindow.push(performance.now());
        if (this.rateWindow.length > 20) this.rateWindow.shift();
        const evalDue = tr.step % tr.config.evalEvery === 0;
        const budgetDone = tr.step === tr.config.steps;
        if (evalDue || budgetDone || this.pendingSteps === 0 || performance.now() - this.lastFlush > REPORT_MS) this.flush();
        if (evalDue || budgetDone) await this.report(false);
        else if (tr.step % 10 === 0) await this.sendViews();
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
      if (e instanceof NonFiniteLossError) {
        this.post({
          type: 'error', kind: 'nan', step: e.step, message: e.message,
          hint: 'Training paused and the weights were left as they were before this step. A smaller learning rate or a larger temperature usually helps; then press play, or reset.',
        });
      } else {
        this.post({ type: 'error', kind: 'crash', step: this.trainer?.step ?? 0, message: String((e as Error)?.stack ?? e) });
      }
      this.setStatus('error');
    }
  }

  private flush() {
    if (!this.buffer.length) return;
    const w = this.rateWindow;
    const stepsPerSec = w.length > 1 ? ((w.length - 1) * 1000) / (w[w.length - 1] - w[0]) : 0;
    this.post({ type: 'steps', records: this.buffer, stepsPerSec });
    this.buffer = [];
    this.lastFlush = performance.now();
    const mem = tf.memory();
    this.post({ type: 'memory', numTensors: mem.numTensors, numBytes: mem.numBytes });
  }

  /** kNN and geometry, the embedding view and the augmentation preview. */
  private async report(initial: boolean) {
    const tr = this.trainer;
    if (!tr) return;
    const gen = this.generation;
    const record = await tr.evaluate(this.opts.evalSizes ?? (this.slow ? LIGHT_EVAL : BROWSER_EVAL));
    if (gen !== this.generation) return;
    this.post({ type: 'eval', record, initial });
    const { coords, labels, basis } = await tr.embedding2d(this.slow ? 200 : EMBED_POINTS, this.basis);
    this.basis = basis;
    if (gen !== this.generation) return;
    this.post({ type: 'embedding', step: tr.step, coords, labels }, [coords.buffer, labels.buffer]);
    await this.sendViews();
  }

  private async sendViews() {
    const tr = this.trainer;
    if (!tr) return;
    const rgba = await tr.viewsPreview(PREVIEW_IMAGES, substream(tr.config.seed + tr.step, 'preview'));
    this.post({ type: 'views', step: tr.step, k: PREVIEW_IMAGES, rgba }, [rgba.buffer]);
  }
}
