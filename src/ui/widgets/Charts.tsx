// Live curves, drawn with the light SVG chart (a recharts redraw of several runs' lines cost
// 50–190 ms of main thread on the τ sweep). The history can hold thousands of steps; charts draw
// at most ~300 points (a running mean per bucket), so a long run never slows the page. With a sweep on the page and
// no run pinned, they draw one line per run.
import { useContext, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { METHODS } from '../../config/methods';
import { useLab } from '../../store/lab';
import { fmt, RUN_COLORS } from '../format';
import { useThrottled } from '../throttle';
import { LineChartLite } from './LineChartLite';
import { RunContext, useRun, useRunConfig } from './run';

function decimate<T extends { step: number }>(rows: T[], key: keyof T, max = 300): { step: number; value: number }[] {
  if (rows.length <= max) return rows.map((r) => ({ step: r.step, value: Number(r[key]) }));
  const per = Math.ceil(rows.length / max);
  const out: { step: number; value: number }[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    out.push({ step: chunk[chunk.length - 1].step, value: chunk.reduce((a, r) => a + Number(r[key]), 0) / chunk.length });
  }
  return out;
}

/** The runs a chart draws (the one in scope, or every run of a sweep) and one part of each. */
function useChartRuns<T>(part: (r: import('../../store/lab').RunData) => T): { labels: string[]; parts: T[] } {
  const scoped = useContext(RunContext);
  const focus = useRun((r) => r.label);
  const labels = useLab(useShallow((s) => (scoped !== null || s.runOrder.length < 2 ? [focus] : s.runOrder)));
  const parts = useLab(useShallow((s) => labels.map((l) => (s.runs[l] ? part(s.runs[l]) : undefined) as T)));
  return useMemo(() => ({ labels, parts }), [labels, parts]);
}

const lineName = (label: string) => (label === 'main' ? 'this run' : label);

export function LossChart({ height = 220 }: { height?: number }) {
  const live = useChartRuns((r) => r.history);
  const { labels, parts } = useThrottled(live, 400);
  const config = useRunConfig();
  const info = METHODS[useLab((s) => s.experiment.method)].loss;
  const ref = info?.reference?.value(config);
  const series = useMemo(
    () => labels.map((l, i) => ({ key: l, name: labels.length > 1 ? lineName(l) : 'loss', color: labels.length > 1 ? RUN_COLORS[i % RUN_COLORS.length] : '#e15759', points: decimate((parts[i] ?? []).filter((r) => Number.isFinite(r.loss)), 'loss') })),
    [labels, parts],
  );
  const refs = useMemo(() => (ref !== undefined ? [{ y: ref, label: info?.reference?.label ?? '' }] : []), [ref, info]);
  const values = series.flatMap((s) => s.points.map((p) => p.value));
  const top = Math.ceil(Math.max(ref ?? 0, ...values) + 0.25);
  const bottom = Math.floor(Math.min(ref ?? 0, 0, ...values));
  return (
    <figure className="chart" aria-label="Training loss by step">
      <figcaption>
        {info?.name ?? 'Loss'} ({info?.form}).{ref !== undefined && ` Dashed: ${ref.toFixed(2)} — ${info?.reference?.label}.`}
      </figcaption>
      <LineChartLite series={series} refs={refs} yMin={bottom} yMax={top} height={height} digits={4} label="Training loss by step" />
    </figure>
  );
}

export function KnnChart({ height = 200 }: { height?: number }) {
  const { labels, parts } = useChartRuns((r) => r.evals);
  const knn0 = useRun((r) => r.knnRandomInit);
  const every = useLab((s) => s.experiment.config.evalEvery);
  const series = useMemo(
    () => labels.map((l, i) => ({ key: l, name: labels.length > 1 ? lineName(l) : 'kNN', color: labels.length > 1 ? RUN_COLORS[i % RUN_COLORS.length] : '#4e79a7', points: (parts[i] ?? []).map((e) => ({ step: e.step, value: e.knn * 100 })) })),
    [labels, parts],
  );
  const refs = useMemo(() => (knn0 !== undefined ? [{ y: knn0 * 100, label: 'untrained' }] : []), [knn0]);
  const values = [...series.flatMap((s) => s.points.map((p) => p.value)), ...refs.map((r) => r.y)];
  const lo = values.length ? Math.max(0, Math.floor(Math.min(...values) / 5) * 5 - 5) : 0;
  const hi = values.length ? Math.min(100, Math.ceil(Math.max(...values) / 5) * 5 + 5) : 100;
  return (
    <figure className="chart" aria-label="Held-out kNN accuracy by step">
      <figcaption>
        Held-out kNN accuracy (%) on h, every {every} steps. Dashed: the same encoder before training{knn0 !== undefined ? ` (${fmt.pct(knn0)})` : ''}.
      </figcaption>
      <LineChartLite series={series} refs={refs} yMin={lo} yMax={hi} height={height} digits={1} label="Held-out kNN accuracy by step" />
    </figure>
  );
}

/**
 * One per-step number of the step records (a method's aux output) for every run on the page, with
 * labelled reference lines: the DINO paper's Figure 7 instruments. Drawn with the light SVG chart:
 * these update with every report from several runs at once.
 */
function StepMetricChart({ field, title, refs, height, digits = 3 }: { field: string; title: string; refs: { y: number; label: string }[]; height: number; digits?: number }) {
  const live = useChartRuns((r) => r.history);
  const { labels, parts } = useThrottled(live, 500);
  const lesson = useLab((s) => s.lessons.find((l) => l.id === s.experiment.lesson));
  const series = useMemo(
    () =>
      labels.map((l, i) => ({
        key: l,
        name: lesson?.variants?.find((v) => v.id === l)?.label ?? lineName(l),
        color: RUN_COLORS[i % RUN_COLORS.length],
        points: decimate((parts[i] ?? []).filter((r) => Number.isFinite(r[field])), field, 200),
      })),
    [labels, parts, field, lesson],
  );
  const top = Math.max(...refs.map((r) => r.y), ...series.flatMap((s) => s.points.map((p) => p.value)), 0.1);
  return (
    <figure className="chart" aria-label={title} data-chart={field}>
      <figcaption>
        {title} Dashed: {refs.map((r) => `${r.y.toFixed(2)} (${r.label})`).join(' and ')}.
      </figcaption>
      <LineChartLite series={series} refs={refs} yMax={Math.ceil(top * 1.05 * 10) / 10} height={height} digits={digits} label={title} />
    </figure>
  );
}

/** The teacher's entropy per run, between its two collapse lines: 0 (one prototype) and log K (uniform). */
export function EntropyChart({ height = 200 }: { height?: number }) {
  const k = useRunConfig().prototypes;
  const refs = useMemo(() => [{ y: Math.log(k), label: 'log K, uniform' }, { y: 0, label: '0, one prototype' }], [k]);
  return <StepMetricChart field="teacherEntropy" title="Teacher entropy (nats) by step." refs={refs} height={height} />;
}

/** KL(teacher ‖ student) per run: what is left to learn; → 0 when both are constant. */
export function KlChart({ height = 200 }: { height?: number }) {
  const refs = useMemo(() => [{ y: 0, label: '0, nothing left to learn' }], []);
  return <StepMetricChart field="kl" title="KL(teacher ‖ student) (nats) by step." refs={refs} height={height} />;
}

/**
 * iBOT's two terms per run: the [CLS] loss (solid) and the masked-patch loss (dashed), so the page
 * shows which term is learnt and when. A run without a patch term draws its loss as the [CLS] line.
 */
export function LossSplitChart({ height = 220 }: { height?: number }) {
  const live = useChartRuns((r) => r.history);
  const { labels, parts } = useThrottled(live, 500);
  const lesson = useLab((s) => s.lessons.find((l) => l.id === s.experiment.lesson));
  const k = useRunConfig().prototypes;
  const series = useMemo(
    () =>
      labels.flatMap((l, i) => {
        const name = lesson?.variants?.find((v) => v.id === l)?.label ?? lineName(l);
        const color = RUN_COLORS[i % RUN_COLORS.length];
        const rows = (parts[i] ?? []).map((r) => ({ step: r.step, cls: r.lossCls ?? r.loss, patch: r.lossPatch }));
        const cls = { key: `${l}:cls`, name: `${name}: [CLS]`, color, points: decimate(rows.filter((r) => Number.isFinite(r.cls)), 'cls', 200) };
        const withPatch = rows.filter((r) => Number.isFinite(r.patch) && r.patch !== 0);
        return withPatch.length ? [cls, { key: `${l}:patch`, name: `${name}: patch`, color, dashed: true, points: decimate(withPatch, 'patch', 200) }] : [cls];
      }),
    [labels, parts, lesson],
  );
  const refs = useMemo(() => [{ y: Math.log(k), label: 'log K, a uniform student' }], [k]);
  const top = Math.max(Math.log(k), ...series.flatMap((s) => s.points.map((p) => p.value)));
  return (
    <figure className="chart" aria-label="The [CLS] loss and the patch loss by step" data-chart="lossSplit">
      <figcaption>
        The [CLS] loss (solid) and the masked-patch loss (dashed) by step, per run. Dashed line: {Math.log(k).toFixed(2)} (log K, the cross-entropy of a uniform student).
      </figcaption>
      <LineChartLite series={series} refs={refs} yMax={Math.ceil(top * 1.05 * 10) / 10} height={height} digits={3} label="Loss terms by step" />
    </figure>
  );
}
