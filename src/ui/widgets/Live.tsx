// A number from the live run inside a sentence, so a caption can never disagree with the figure.
import type { Config } from '../../config/schema';
import type { LabState, RunData } from '../../store/lab';
import { fmt } from '../format';
import { useRun, useRunConfig } from './run';

// settings come from the run in scope (a sweep's run has its own τ or N)
const PICK: Record<string, (s: LabState, r: RunData, c: Config) => number | undefined> = {
  step: (s) => s.step,
  loss: (_, r) => r.history[r.history.length - 1]?.loss,
  knn: (_, r) => r.evals[r.evals.length - 1]?.knn,
  knnRandomInit: (_, r) => r.knnRandomInit,
  alignment: (_, r) => r.geometry?.alignment ?? r.evals[r.evals.length - 1]?.alignment,
  uniformity: (_, r) => r.geometry?.uniformity ?? r.evals[r.evals.length - 1]?.uniformity,
  std: (_, r) => r.geometry?.std ?? r.evals[r.evals.length - 1]?.std,
  rankme: (_, r) => r.geometry?.rankme ?? r.evals[r.evals.length - 1]?.rankme,
  meanCos: (_, r) => r.geometry?.meanCos,
  teacherEntropy: (_, r) => r.history[r.history.length - 1]?.teacherEntropy,
  kl: (_, r) => r.history[r.history.length - 1]?.kl,
  logK: (_, __, c) => Math.log(c.prototypes),
  prototypes: (_, __, c) => c.prototypes,
  /** how many prototypes the teacher's mean output uses (e^H of it) */
  prototypesInUse: (_, r) => (r.teacher ? Math.exp(r.teacher.entropyOfMean) : undefined),
  jaccard: (_, r) => (r.attention?.jaccard ? Math.max(...r.attention.jaccard) : undefined),
  jaccardAtInit: (_, r) => (r.jaccardAtInit ? Math.max(...r.jaccardAtInit) : undefined),
  discPrior: (_, r) => r.attention?.discPrior ?? undefined,
  lossCls: (_, r) => r.history[r.history.length - 1]?.lossCls,
  lossPatch: (_, r) => r.history[r.history.length - 1]?.lossPatch,
  koleo: (_, r) => r.history[r.history.length - 1]?.koleo,
  /** the masked-patch figure: loss at hidden patches, and how often the student's top guess is the teacher's */
  maskedLoss: (_, r) => r.masked?.maskedLoss,
  agreement: (_, r) => r.masked?.agreement,
  maskedShare: (_, r) => r.masked?.maskedShare,
  chanceAgreement: (_, __, c) => 1 / c.prototypes,
  patchJaccard: (_, r) => r.patches?.jaccard ?? undefined,
  patchJaccardAtInit: (_, r) => r.patches?.jaccardAtInit ?? undefined,
  meanNN: (_, r) => r.spread?.meanNN,
  uniformityH: (_, r) => r.spread?.uniformity,
  healthyStd: (_, __, c) => 1 / Math.sqrt(c.embedDim),
  temperature: (_, __, c) => c.temperature,
  batchSize: (_, __, c) => c.batchSize,
  negatives: (_, __, c) => 2 * c.batchSize - 2,
  chanceLoss: (_, __, c) => Math.log(2 * c.batchSize - 1),
};

export function Live({ value, format = 'fixed', digits = 3 }: { value: keyof typeof PICK; format?: 'fixed' | 'pct' | 'int'; digits?: number }) {
  const config = useRunConfig();
  const v = useRun((r, s) => PICK[value](s, r, config));
  const text = format === 'pct' ? fmt.pct(v) : format === 'int' ? fmt.int(v) : fmt.fixed(v, digits);
  return (
    <span className="live" data-live={value}>
      {text}
    </span>
  );
}
