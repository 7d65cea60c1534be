// A number from the live run inside a sentence, so a caption can never disagree with the figure.
import { useLab, type LabState } from '../../store/lab';
import { fmt } from '../format';

const PICK: Record<string, (s: LabState) => number | undefined> = {
  step: (s) => s.step,
  loss: (s) => s.history[s.history.length - 1]?.loss,
  knn: (s) => s.evals[s.evals.length - 1]?.knn,
  knnRandomInit: (s) => s.knnRandomInit,
  temperature: (s) => s.experiment.config.temperature,
  batchSize: (s) => s.experiment.config.batchSize,
  negatives: (s) => 2 * s.experiment.config.batchSize - 2,
  chanceLoss: (s) => Math.log(2 * s.experiment.config.batchSize - 1),
};

export function Live({ value, format = 'fixed', digits = 3 }: { value: keyof typeof PICK; format?: 'fixed' | 'pct' | 'int'; digits?: number }) {
  const v = useLab(PICK[value]);
  const text = format === 'pct' ? fmt.pct(v) : format === 'int' ? fmt.int(v) : fmt.fixed(v, digits);
  return (
    <span className="live" data-live={value}>
      {text}
    </span>
  );
}
