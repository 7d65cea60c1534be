// A run of the page as the run file of INTERFACES §3 (what `npm run experiment -- --out` writes),
// so that a browser run and a Node run are read by one script. The page measures kNN and the
// geometry at its evaluations with its own sizes; `eval` is the last of them (null before one).
import { runSpecs } from '../../config/url';
import type { LabState } from '../../store/lab';

/** One run's method and settings: the page's, with the run's own (a sweep's value, a compared variant's method). */
export function runSettings(s: LabState, label: string) {
  const spec = runSpecs(s.experiment, s.lessons).find((p) => p.label === label);
  return { method: spec?.method ?? s.experiment.method, config: { ...s.experiment.config, ...(spec?.patch ?? {}) } };
}

export function browserRunFile(s: LabState, label: string, link: string) {
  const r = s.runs[label];
  const { method, config } = runSettings(s, label);
  const ms = r.history.map((h) => h.ms).sort((a, b) => a - b);
  const last = r.evals.at(-1);
  return {
    command: `browser: ${link}`,
    method,
    ...(s.experiment.lesson ? { lesson: s.experiment.lesson, variant: label === 'main' ? null : label } : {}),
    config,
    backend: s.backend?.name ?? 'unknown',
    ...(s.backend?.threads ? { threads: s.backend.threads } : {}),
    dataset: s.dataset?.name ?? s.experiment.config.dataset,
    steps: r.history.at(-1)?.step ?? 0,
    wallMs: Math.round(r.history.reduce((a, h) => a + h.ms, 0)),
    stepMsMedian: ms.length ? +ms[Math.floor(ms.length / 2)].toFixed(1) : 0,
    history: r.history,
    eval: {
      knn: last?.knn ?? null,
      knnRandomInit: r.knnRandomInit ?? null,
      alignment: last?.alignment ?? null,
      uniformity: last?.uniformity ?? null,
      std: last?.std ?? null,
      rankme: last?.rankme ?? null,
      atStep: last?.step ?? null,
    },
    evals: r.evals,
    ...(s.runStart ? { runStart: s.runStart, changes: s.changes } : {}),
    exportedAt: new Date().toISOString(),
  };
}
