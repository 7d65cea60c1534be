// Live curves. The history can hold thousands of steps; charts draw at most ~300 points
// (a running mean per bucket), so a long run never slows the page.
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { METHODS } from '../../config/methods';
import { useLab } from '../../store/lab';
import { fmt } from '../format';
import { useRun } from './run';

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

export function LossChart({ height = 220 }: { height?: number }) {
  const history = useRun((r) => r.history);
  const config = useLab((s) => s.experiment.config);
  const info = METHODS[useLab((s) => s.experiment.method)].loss;
  const data = useMemo(() => decimate(history, 'loss'), [history]);
  const ref = info?.reference?.value(config);
  const top = Math.max(ref ?? 0, ...data.map((d) => d.value));
  const bottom = Math.min(ref ?? 0, 0, ...data.map((d) => d.value));
  return (
    <figure className="chart" aria-label="Training loss by step">
      <figcaption>
        {info?.name ?? 'Loss'} ({info?.form}).{ref !== undefined && ` Dashed: ${ref.toFixed(2)} — ${info?.reference?.label}.`}
      </figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e6e8ef" />
          <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} tick={{ fontSize: 12 }} />
          <YAxis domain={[Math.floor(bottom), Math.ceil(top + 0.25)]} tick={{ fontSize: 12 }} width={36} />
          <Tooltip formatter={(v) => fmt.fixed(Number(v), 4)} labelFormatter={(s) => `step ${s}`} />
          {ref !== undefined && <ReferenceLine y={ref} stroke="#999" strokeDasharray="5 4" />}
          <Line type="monotone" dataKey="value" name="loss" stroke="#e15759" dot={false} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function KnnChart({ height = 200 }: { height?: number }) {
  const evals = useRun((r) => r.evals);
  const knn0 = useRun((r) => r.knnRandomInit);
  const every = useLab((s) => s.experiment.config.evalEvery);
  const data = evals.map((e) => ({ step: e.step, knn: e.knn * 100 }));
  return (
    <figure className="chart" aria-label="Held-out kNN accuracy by step">
      <figcaption>
        Held-out kNN accuracy on h, every {every} steps. Dashed: the same encoder before training{knn0 !== undefined ? ` (${fmt.pct(knn0)})` : ''}.
      </figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e6e8ef" />
          <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} tick={{ fontSize: 12 }} />
          <YAxis domain={['auto', 'auto']} tick={{ fontSize: 12 }} width={36} unit="%" />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} labelFormatter={(s) => `step ${s}`} />
          {knn0 !== undefined && <ReferenceLine y={knn0 * 100} stroke="#999" strokeDasharray="5 4" />}
          <Line type="monotone" dataKey="knn" stroke="#4e79a7" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
