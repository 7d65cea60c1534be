// The untrained baselines of a page's runs (their step-0 reports): measured after step 1, in turns
// with training (background.ts), so that a student sees the model train at once and the "measuring…"
// figures fill in later. A run is measured on its own model only while nothing trains; once it has
// trained, on an untrained twin (same method, config, data and seed, so the same initial weights),
// and a run whose untrained model equals one measured already copies its measurements (twins.ts).
import { REPORT_NAMES, type ReportName } from '../engine/reports';
import type { ReportContext, RunMemo } from '../engine/reports/context';
import { Trainer } from '../engine/trainer';
import { Background, Stopped, type Pace } from './background';
import type { WorkerToUi } from './protocol';
import { table } from './schedule';
import { Twins, twinKey } from './twins';

export interface ZeroSlot {
  label: string;
  trainer: Trainer;
  memo: RunMemo;
}

/** What the runner lends: its clock, its messages and its report sending. */
export interface StepZeroHost<S extends ZeroSlot> {
  readonly generation: number;
  /** > 0: training wants the worker */
  readonly pendingSteps: number;
  readonly runs: number;
  post(msg: WorkerToUi): void;
  sizeOf(name: ReportName): unknown;
  context(s: S, runs: number, initial: boolean): ReportContext;
  sendOne(name: ReportName, s: S, tr: Trainer, ctx: ReportContext, keep?: (payload: unknown) => void): Promise<boolean>;
  /** paused at step 0 once every run is measured: the rest of the step-0 report (the figures watched, the preview) */
  restOfStepZero(): Promise<void>;
}

export class StepZero<S extends ZeroSlot> {
  private due: S[] = [];
  private background = new Background();
  private error: unknown = null;
  private twins = new Twins();

  constructor(private readonly host: StepZeroHost<S>) {}

  /** some run's step-0 report is still to come */
  get pending(): boolean {
    return this.due.length > 0 || this.background.busy;
  }

  /** Stop what is under way (it unwinds at its next chunk, freeing its twin) and forget the runs. */
  async stop(): Promise<void> {
    this.due = [];
    this.twins = new Twins();
    await this.background.cancel();
  }

  /** New runs, all of them due. */
  start(slots: S[]): void {
    this.due = [...slots];
  }

  /** A turn of `ms` (Infinity: to the end unless training wants the worker); rejects with the measurement's error. */
  async turn(ms: number): Promise<void> {
    if (!this.pending) return;
    await this.background.turn(this.background.busy ? null : this.work(this.host.generation), ms);
    const e = this.error;
    this.error = null;
    if (e) throw e;
  }

  /** Training wants the worker: resolves once the measurement waits at a chunk boundary (or has stopped). */
  yieldNow(): Promise<void> {
    return this.background.yieldNow();
  }

  private work(gen: number) {
    return async (pace: Pace) => {
      try {
        while (this.due.length && gen === this.host.generation) {
          const s = this.due[0];
          // a play stops a measurement of the model itself (the run is measured on a twin instead),
          // and so does a reset, which would otherwise wait for the whole report
          const ownModel: Pace = async () => {
            if (gen !== this.host.generation) throw new Stopped('cancelled');
            if (this.host.pendingSteps > 0) throw new Stopped('restart');
          };
          await this.measure(s, s.trainer.step === 0 ? ownModel : pace);
          if (gen === this.host.generation) this.due.shift();
        }
        if (gen === this.host.generation && this.host.pendingSteps === 0 && this.due.length === 0) await this.host.restOfStepZero();
      } catch (e) {
        if (e instanceof Stopped) throw e;
        this.error = e;
      }
    };
  }

  /** A run's step-0 baselines (the untrained attention and patch scores) and its untrained evaluation. */
  private async measure(s: S, pace: Pace) {
    const host = this.host;
    const tr = s.trainer.step === 0 ? s.trainer : new Trainer(s.trainer.methodId, s.trainer.config, s.trainer.data);
    tr.pace = pace;
    try {
      const gen = host.generation;
      // (a page of one run has no twin to look for)
      const key = host.runs > 1 ? await twinKey(tr.methodId, tr.config, tr.model) : null;
      if (key && gen === host.generation && this.twins.copy(key, s.memo, (type, payload) => host.post({ type, run: s.label, step: 0, ...payload } as WorkerToUi))) return;
      const ctx = host.context(s, host.runs, true);
      const payloads: [string, unknown][] = [];
      for (const name of REPORT_NAMES) await table[name].baseline?.(tr, host.sizeOf(name), ctx);
      for (const name of REPORT_NAMES) if (table[name].untrained && !(await host.sendOne(name, s, tr, ctx, key ? (p) => payloads.push([name, p]) : undefined))) return;
      if (key && gen === host.generation) this.twins.set(key, { memo: s.memo, payloads });
    } finally {
      tr.pace = null;
      if (tr !== s.trainer) tr.dispose();
    }
  }
}
