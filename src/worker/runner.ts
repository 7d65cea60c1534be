// The training loop behind the worker: play / pause / step / reset, throttled reporting, and
// errors turned into messages. No DOM: it runs in a worker and in Node (tests drive it directly).
// Several runs (a sweep) share one clock: each tick trains every run one step, in turn, so the
// runs are always at the same step and differ only by their patch.
import * as tf from '@tensorflow/tfjs';
import type { MethodId } from '../config/methods';
import type { Config, ConfigPatch } from '../config/schema';
import { setWasmThreads, type BackendInfo, type BackendOptions } from '../engine/backend';
import type { ByteSource } from '../engine/data';
import { REPORT_NAMES, WATCHES, type ReportName } from '../engine/reports';
import type { MaskView, ReportContext } from '../engine/reports/context';
import type { EvalSizes } from '../engine/reports/evaluation';
import type { StepRecord, Trainer } from '../engine/trainer';
import { chooseStart } from './choose';
import { trainingError } from './errors';
import { PERIODIC, periodicDue, profiledDue, scheduled, table, type AnyReport } from './schedule';
import type { RememberedBackend, RunSpec, RunStatus, UiToWorker, Watch, WorkerToUi } from './protocol';
import { buildRuns, fetchData, type Run } from './runs';
import { ThreadTrial } from './tune';
import { StepZero, type StepZeroHost } from './step-zero';
import { LiveChanges } from './script';
import type { Change } from '../config/changelog';

export type Post = (msg: WorkerToUi, transfer?: Transferable[]) => void;

const REPORT_MS = 100; // step records reach the UI at most ~10 times a second
/** a turn of the untrained baselines, as a multiple of the tick before it */
const STEP_ZERO_SHARE = 2;
export const MAX_RUNS = 6;

const yieldToEvents = () => new Promise<void>((r) => setTimeout(r, 0));

export interface RunnerOptions extends BackendOptions {
  bytes: ByteSource;
  evalSizes?: EvalSizes;
}

type Slot = Run;

export class Runner {
  private slots: Slot[] = [];
  private backend: BackendInfo | null = null;
  /** auto without a remembered choice: wasm's thread count, tried on the first ticks */
  private threadTrial: ThreadTrial | null = null;
  private status: RunStatus = 'loading';
  private pendingSteps = 0;
  private looping: Promise<void> | null = null;
  private lastFlush = 0;
  /** when each periodic report was last sent, and what it cost */
  private periodic = new Map<ReportName, { last: number; ms: number }>();
  /** reports asked for while a tick was in flight: sent after it */
  private due = new Set<ReportName>();
  private rateWindow: number[] = [];
  private watching = new Set<ReportName>();
  private maskView: MaskView = { ratio: 0.4, seed: 1 };
  /** live changes: the page's own and a shared link's, applied between ticks (script.ts) */
  private live = new LiveChanges();
  /** the runs' step-0 reports, measured in turns with training */
  private stepZero: StepZero<Slot> = new StepZero<Slot>(this.stepZeroHost());
  /** bumped on reset so a loop iteration that started on the old models stops quietly. */
  private generation = 0;

  constructor(
    private readonly post: Post,
    private readonly opts: RunnerOptions,
  ) {}

  private stepZeroHost(): StepZeroHost<Slot> {
    const r = this; // (the getters read the runner's fields as they are then)
    return {
      get generation() {
        return r.generation;
      },
      get pendingSteps() {
        return r.pendingSteps;
      },
      get runs() {
        return r.slots.length;
      },
      post: (msg) => r.post(msg),
      sizeOf: (name) => r.sizeOf(name),
      context: (s, runs, initial) => r.context(s, runs, initial),
      sendOne: (name, s, tr, ctx, keep) => r.sendOne(name, s, tr, ctx, keep),
      restOfStepZero: () => (r.step === 0 ? r.report((d) => !!d.untrained) : Promise.resolve()),
    };
  }

  /** The first run's trainer (tests, and single-run pages). */
  get trainer(): Trainer | null {
    return this.slots[0]?.trainer ?? null;
  }

  async handle(msg: UiToWorker): Promise<void> {
    switch (msg.type) {
      case 'init':
        return this.init(msg, msg.threads ?? null);
      case 'reset':
        return this.reset(msg.method, msg.config, msg.runs, msg.script);
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
        for (const name of REPORT_NAMES) if (table[name].reads === 'maskView') await this.refresh(name);
        return;
    }
  }

  /** software GPU or pure-JS cpu: evaluate on fewer images */
  private get slow(): boolean {
    return Boolean(this.backend?.software || this.backend?.name === 'cpu');
  }

  private get step(): number {
    return this.trainer?.step ?? 0;
  }

  private setStatus(status: RunStatus, message?: string, progress?: { done: number; total: number }) {
    this.status = status;
    this.post({ type: 'status', status, step: this.step, message, ...(progress ? { progress } : {}) });
  }

  private async init({ method, config, backend, runs, remembered, script }: Extract<UiToWorker, { type: 'init' }>, threads: number | null) {
    this.setStatus('loading', 'Starting the backend…');
    let remember: RememberedBackend | null = null;
    try {
      const job = { method, config, bytes: this.opts.bytes, say: (m: string) => this.setStatus('loading', m) };
      const starting = chooseStart(backend, remembered ?? null, job, { ...this.opts, threads });
      // the data set downloads (MNIST) or is planned (Shapes) while the backend's module compiles
      // and its threads start; buildRuns then gets this very load, and a failure shows there
      // (after the backend's first microtasks, which send for its module: planning Shapes takes a while)
      setTimeout(() => fetchData(config, this.opts.bytes, (message, done, total) => this.setStatus('loading', message, { done, total })).catch(() => {}), 0);
      const start = await starting;
      this.backend = start.info;
      this.threadTrial = start.threadTrial && new ThreadTrial(start.threadTrial, setWasmThreads);
      remember = start.remember;
    } catch (e) {
      this.post({ type: 'error', kind: 'backend', message: String((e as Error).message ?? e), step: 0, hint: 'Try backend=wasm in the address bar.' });
      this.setStatus('error');
      return;
    }
    await this.reset(method, config, runs, script);
    if (remember) this.post({ type: 'backend', backend: this.backend, remember });
  }

  private async reset(method: MethodId, config: Config, runs: RunSpec[], script: Change[] = []) {
    this.generation++;
    this.pendingSteps = 0;
    await this.stepZero.stop();
    await this.looping; // never dispose a model under a step in flight
    this.live = new LiveChanges(script); // (after the old loop's last changes)
    this.setStatus('loading', runs.length > 1 ? `Preparing data and ${runs.length} new models…` : 'Preparing data and a new model…');
    this.slots.forEach((s) => s.dispose());
    this.slots = [];
    const specs = (runs.length ? runs : [{ label: 'main', patch: {} }]).slice(0, MAX_RUNS);
    const say = (message: string, done: number, total: number) => this.setStatus('loading', message, { done, total });
    this.slots = await buildRuns(specs, method, config, this.opts.bytes, say);
    const first = this.slots[0].trainer.data;
    this.rateWindow = [];
    this.post({
      type: 'ready',
      backend: this.backend!,
      dataset: { name: first.name, classNames: first.classNames, attribution: first.attribution, trainSize: first.train.n, testSize: first.test.n },
      step: 0,
      runs: this.slots.map((s) => s.label),
    });
    this.setStatus('idle');
    // step 1 first: what the untrained models measure comes when the worker is idle, or between
    // the first ticks once training has started (step-zero.ts)
    this.stepZero.start(this.slots);
    const gen = this.generation;
    setTimeout(() => void this.stepZeroWhileIdle(gen), 0);
  }

  /** Paused before any step, or paused since: the step-0 reports still due, to the end unless a play comes. */
  private async stepZeroWhileIdle(gen: number) {
    if (this.looping || gen !== this.generation || !this.stepZero.pending) return;
    await this.stepZero.turn(Infinity).catch((e: unknown) => this.post(trainingError(e, this.step)));
  }

  private set(patch: ConfigPatch) {
    if (!this.slots.length) return;
    this.live.queue(patch);
    if (!this.looping) this.applyDue();
  }

  /** The live changes due now that every run has finished this step: the page's, then the link's. */
  private applyDue() {
    if (this.slots.length) for (const msg of this.live.apply(this.step, this.slots)) this.post(msg);
  }

  private async watch(what: Watch, on: boolean) {
    if (!WATCHES.includes(what)) return; // a name the table does not know: nothing to send
    if (on) this.watching.add(what);
    else this.watching.delete(what);
    if (on) await this.refresh(what);
  }

  /** A watched report now, or after the tick in flight. */
  private async refresh(what: ReportName) {
    if (!this.watching.has(what) || this.status === 'loading' || !this.slots.length) return;
    if (this.status === 'running') this.due.add(what);
    else await this.sendWatched(what);
  }

  private sizeOf(name: ReportName): unknown {
    return this.slow ? table[name].sizes.slow : table[name].sizes.normal;
  }

  private context(s: Slot, runs = this.slots.length, initial = false): ReportContext {
    return { memo: s.memo, runs, maskView: this.maskView, initial, evalSizes: this.opts.evalSizes, onStep: (r) => s.buffer.push(r) };
  }

  /** One report of every run (or of the first, for a first-run-only report), as the table says. */
  private async send(name: ReportName): Promise<void> {
    const t0 = performance.now();
    for (const s of table[name].firstRunOnly ? this.slots.slice(0, 1) : this.slots) if (!(await this.sendOne(name, s))) return;
    if (table[name].schedule.kind === 'periodic') this.periodic.set(name, { last: performance.now(), ms: performance.now() - t0 });
  }

  /** One run's report (of its trainer, or of its untrained twin), posted with its arrays transferred; false if a reset came in meanwhile. */
  private async sendOne(name: ReportName, s: Slot, tr: Trainer = s.trainer, ctx = this.context(s), keep?: (payload: unknown) => void): Promise<boolean> {
    const def = table[name];
    const gen = this.generation;
    const payload = await def.make(tr, this.sizeOf(name), ctx);
    if (gen !== this.generation) return false;
    if (payload && keep) keep(structuredClone(payload)); // (before its arrays are handed over)
    if (payload) this.post({ type: name, run: s.label, step: tr.step, ...payload } as WorkerToUi, def.transfer(payload) as Transferable[]);
    return true;
  }

  /** A watched report now, unless it is the memory meter's, which is measured on training steps (see runLoop). */
  private sendWatched(what: ReportName): Promise<void> {
    return table[what].schedule.kind === 'profiledStep' ? Promise.resolve() : this.send(what);
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
    if (!this.looping)
      this.looping = this.runLoop().finally(() => {
        this.looping = null;
        this.applyDue(); // (a change that came during the last tick)
        // paused before every run's untrained report went out: the rest come in the idle time
        const gen = this.generation;
        if (this.stepZero.pending) setTimeout(() => void this.stepZeroWhileIdle(gen), 0);
      });
    return this.looping;
  }

  private async runLoop() {
    const gen = this.generation;
    let current: Slot | null = null;
    await this.stepZero.yieldNow(); // never train under a step-0 report in flight
    try {
      while (this.pendingSteps > 0 && this.slots.length && gen === this.generation) {
        // a tick: every run one step. A run that failed this tick is not stepped again until the
        // others have caught up, so they stay in lockstep.
        const target = Math.min(...this.slots.map((x) => x.step)) + 1;
        this.applyDue();
        const tickStart = performance.now();
        // the thread trial times ticks alike: none while the untrained baselines take turns between
        // them (what a turn leaves behind, its garbage among it, slows the tick after it)
        const trial = this.stepZero.pending ? null : this.threadTrial;
        trial?.beforeTick();
        for (const s of this.slots) {
          if (s.step >= target) continue;
          current = s;
          const profiled = profiledDue(this.watching, s.trainer.step);
          // a profiled step trains too: the report hands its record to the run's buffer
          if (profiled) await this.sendOne(profiled, s);
          else s.buffer.push(await s.trainer.trainStep());
          if (gen !== this.generation) return;
          // the first tick of several runs takes seconds: each run's step 1 shows as soon as it is done
          if (target === 1 && this.slots.length > 1) this.flush();
        }
        current = null;
        if (trial) this.settleThreads(performance.now() - tickStart);
        this.pendingSteps--;
        this.rateWindow.push(performance.now());
        if (this.rateWindow.length > 20) this.rateWindow.shift();
        const tr = this.trainer!;
        const evalDue = tr.step % tr.config.evalEvery === 0;
        const budgetDone = tr.step === tr.config.steps;
        const now = performance.now();
        if (evalDue || budgetDone || this.pendingSteps === 0 || now - this.lastFlush > REPORT_MS) this.flush();
        const periodic = evalDue || budgetDone || this.pendingSteps === 0 ? null : periodicDue(this.watching, this.periodic, now);
        if (evalDue || budgetDone) await this.report();
        // the last of a few single steps: every watched figure shows where they ended
        else if (this.pendingSteps === 0) for (const what of PERIODIC) this.watching.has(what) && (await this.send(what));
        else if (periodic) await this.send(periodic);
        // (and after the first step: the page has had nothing to show before it)
        else for (const what of scheduled('steps')) if (tr.step === 1 || tr.step % (table[what].schedule as { every: number }).every === 0) await this.send(what);
        for (const what of this.due) {
          this.due.delete(what);
          await this.sendWatched(what);
        }
        // the untrained baselines, once this tick's records are out, for about twice as long as the
        // tick took (two thirds of the worker's time: on the ViT pages a half share brought them past
        // 30 s); after the last, the watched figures drawn at evaluations (the embedding, probes)
        // rather than at the first one
        if (this.stepZero.pending && gen === this.generation) {
          await this.stepZero.turn(STEP_ZERO_SHARE * (performance.now() - tickStart));
          if (gen !== this.generation) return;
          if (!this.stepZero.pending) for (const name of scheduled('evaluations')) if (!table[name].untrained && this.watching.has(name)) await this.send(name);
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
      this.post(trainingError(e, this.step, this.slots.length > 1 && current ? current.label : undefined));
      this.setStatus('error');
    }
  }

  /** The thread trial's tick timed; once it has decided, the badge says so and the page remembers. */
  private settleThreads(tickMs: number) {
    const d = this.threadTrial?.afterTick(tickMs);
    if (!d || !this.backend) return;
    this.threadTrial = null;
    this.backend = { ...this.backend, threads: d.threads, source: 'measured', reason: d.why };
    this.post({ type: 'backend', backend: this.backend, remember: { backend: 'wasm', threads: d.threads, why: d.why } });
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

  /** At an evaluation (or a reset): every report of every run that is always sent or watched, in the table's order. */
  private async report(skip: (d: AnyReport) => boolean = () => false) {
    const gen = this.generation;
    for (const name of REPORT_NAMES) {
      if (gen !== this.generation) return;
      const def = table[name];
      if (skip(def) || def.schedule.kind === 'profiledStep' || (def.watched && !this.watching.has(name))) continue;
      await this.send(name);
    }
  }
}
