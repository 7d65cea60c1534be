// Live changes land between ticks, at a step the runner can name: the page's own (a slider moved
// while a tick was in flight waits for the tick's end) and a shared link's log, each applied when
// the runs have finished its step. So a change made at step 120 acts on step 121 of every run,
// and a link replaying it acts on the same step: the same losses, step for step.
import type { Change } from '../config/changelog';
import { validatePatch, type ConfigPatch } from '../config/schema';
import type { Trainer } from '../engine/trainer';
import type { WorkerToUi } from './protocol';

type Applied = Extract<WorkerToUi, { type: 'applied' }>;

export class LiveChanges {
  private script: Change[];
  private queued: ConfigPatch = {};

  constructor(script: readonly Change[] = []) {
    this.script = [...script].sort((a, b) => a.step - b.step);
  }

  /** The page's own change: the replay ends there (what follows is the student's run), and the change waits for the tick's end. */
  queue(patch: ConfigPatch) {
    this.script = [];
    this.queued = { ...this.queued, ...patch };
  }

  /** What applies now that the runs have finished `step`: the page's queued change, then the log's entries for that step (entries the runs passed without applying are dropped). */
  due(step: number): { own: ConfigPatch | null; scripted: ConfigPatch | null } {
    const own = Object.keys(this.queued).length ? this.queued : null;
    this.queued = {};
    let scripted: ConfigPatch | null = null;
    while (this.script.length && this.script[0].step <= step) {
      const c = this.script.shift()!;
      if (c.step === step) scripted = { ...(scripted ?? {}), [c.param]: c.value };
    }
    return { own, scripted };
  }

  /** Entries still to come (the page shows the replay as on while there are any). */
  get pending(): number {
    return this.script.length;
  }

  /** What is due after `step`, set on every run: one message for the page's change and one for the log's. */
  apply(step: number, runs: readonly { trainer: Trainer; patch: ConfigPatch }[]): Applied[] {
    const { own, scripted } = this.due(step);
    return ([[own, false], [scripted, true]] as const).flatMap(([patch, isScripted]) => {
      if (!patch) return [];
      const { patch: valid } = validatePatch(patch as Record<string, unknown>, runs[0].trainer.config);
      let rejected: Applied['rejected'] = [];
      for (const r of runs) {
        // a run's own value of a swept parameter is what makes it that run: it is never overwritten
        const mine = Object.fromEntries(Object.entries(valid).filter(([k]) => !(k in r.patch)));
        rejected = r.trainer.setParams(mine);
      }
      return [{ type: 'applied' as const, patch: valid, rejected, step, ...(isScripted ? { scripted: true } : {}) }];
    });
  }
}
