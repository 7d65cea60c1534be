// What the page is told when a training step fails: a NaN loss (the weights were kept, with what
// usually helps) or a crash (its stack), naming the run when a sweep has several.
import { NonFiniteLossError } from '../engine/trainer';
import type { WorkerToUi } from './protocol';

export function trainingError(e: unknown, step: number, run?: string): WorkerToUi {
  const who = run ? `Run ${run}: ` : '';
  if (e instanceof NonFiniteLossError) {
    return {
      type: 'error', kind: 'nan', step: e.step, run, message: who + e.message,
      hint: 'Training paused and the weights were left as they were before this step. A smaller learning rate or a larger temperature usually helps; then press play, or reset.',
    };
  }
  return { type: 'error', kind: 'crash', step, run, message: who + String((e as Error)?.stack ?? e) };
}
