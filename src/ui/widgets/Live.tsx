// A number from the live run inside a sentence, so a caption can never disagree with the figure.
import type { LabState, RunData } from '../../store/lab';
import { fmt } from '../format';
import { useRun } from './run';

const PICK: Record<string, (s: LabState, r: RunData) => number | undefined> = {
  step: (s) => s.step,
  loss: (_, r) => r.history[r.history.length - 1]?.loss,
  knn: (_, r) => r.evals[r.evals.length - 1]?.knn,
  knnRandomInit: (_, r) => r.knnRandomInit,
  alignment: (_, r) => r.geometry?.alignment ?? r.evals[r.evals.length - 1]?.alignment,
  uniformity: (_, r) => r.geometry?.uniformity ?? r.evals[r.evals.length - 1]?.uniformity,
  temperature: (s) => s.experiment.config.temperature,
  batchSize: (s) => s.experiment.config.batchSize,
  negatives: (s) => 2 * s.experiment.config.batchSize - 2,
  chanceLoss: (s) => Math.log(2 * s.experiment.config.batchSize - 1),
};

export function Live({ value, format = 'fixed', digits = 3 }: { value: keyof typeof PICK; format?: 'fixed' | 'pct' | 'int'; digits?: number }) {
  const v = useRun((r, s) => PICK[value](s, r));
  const text = format === 'pct' ? fmt.pct(v) : format === 'int' ? fmt.int(v) : fmt.fixed(v, digits);
  return (
    <span className="live" data-live={value}>
      {text}
    </span>
  );
}
