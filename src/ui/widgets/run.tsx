// Which run a widget shows. A lesson wraps widgets in <RunScope run="…"> to pin them to one run
// of a sweep; outside a scope they follow the focused run (the only one on a plain page).
import { createContext, useContext, type ReactNode } from 'react';
import { useMemo } from 'react';
import type { MethodId } from '../../config/methods';
import type { Config } from '../../config/schema';
import { runSpecs } from '../../config/url';
import { focusedRun, useLab, type LabState, type RunData } from '../../store/lab';

export const RunContext = createContext<string | null>(null);
const NONE: RunData = { label: '', history: [], evals: [], trail: [], probes: [] };

export function RunScope({ run, children }: { run: string; children: ReactNode }) {
  return <RunContext.Provider value={run}>{children}</RunContext.Provider>;
}

export function useRunLabel(): string {
  const label = useContext(RunContext);
  const focus = useLab((s) => focusedRun(s).label);
  return label ?? focus;
}

/** Select from the run in scope. The selector must return stable values (parts of the run, numbers). */
export function useRun<T>(select: (r: RunData, s: LabState) => T): T {
  const label = useContext(RunContext);
  return useLab((s) => select(label === null ? focusedRun(s) : (s.runs[label] ?? NONE), s));
}

/** The settings of the run in scope: the page's, with the run's own sweep value on top. */
export function useRunConfig(): Config {
  const label = useRunLabel();
  const config = useLab((s) => s.experiment.config);
  const experiment = useLab((s) => s.experiment);
  const lessons = useLab((s) => s.lessons);
  return useMemo(() => ({ ...config, ...(runSpecs(experiment, lessons).find((r) => r.label === label)?.patch ?? {}) }), [config, experiment, lessons, label]);
}

/** The method of the run in scope (a comparison can mix methods). */
export function useRunMethod(): MethodId {
  const label = useRunLabel();
  const experiment = useLab((s) => s.experiment);
  const lessons = useLab((s) => s.lessons);
  return useMemo(() => runSpecs(experiment, lessons).find((r) => r.label === label)?.method ?? experiment.method, [experiment, lessons, label]);
}
