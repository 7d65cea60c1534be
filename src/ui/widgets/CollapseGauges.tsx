// A run's collapse instruments, live: the std of its normalised outputs against 1/√d, its effective
// rank against its start, the singular-value spectrum, and a marker at the step it collapsed (the
// rule and its lines are in ../collapse.ts).
import { useEffect, useMemo } from 'react';
import { watch } from '../../bridge/client';
import { collapseStep, healthyStd, RANK_LINE, STD_LINE } from '../../engine/metrics/collapse';
import { useThrottled } from '../throttle';
import { LineChartLite } from './LineChartLite';
import { useRun, useRunConfig } from './run';

function Spectrum({ shares }: { shares: Float32Array }) {
  const w = 200;
  const h = 60;
  const top = Math.max(...shares, 1e-9);
  const bw = w / shares.length;
  return (
    <svg viewBox={`0 0 ${w} ${h}`} width="100%" height={h} role="img" aria-label={`Singular values of z: the largest holds ${(shares[0] * 100).toFixed(0)}% of their sum`}>
      {Array.from(shares, (v, i) => (
        <rect key={i} x={i * bw + 0.5} y={h - (v / top) * h} width={bw - 1} height={(v / top) * h} fill="#7570b3" />
      ))}
    </svg>
  );
}

/** The run's trail of gauges, and the step it collapsed at by the page's rule (null: not so far). */
function useVerdict() {
  useEffect(() => watch('geometry'), []);
  const trail = useThrottled(
    useRun((r) => r.trail),
    500,
  );
  const embedDim = useRunConfig().embedDim;
  const d = useRun((r) => r.geometry?.d) ?? embedDim;
  const verdict = useMemo(() => collapseStep(trail, d), [trail, d]);
  return { trail, d, verdict };
}

const verdictText = (verdict: ReturnType<typeof collapseStep>, reports: number) =>
  verdict
    ? `Collapsed at step ${verdict.step}: ${verdict.kind === 'point' ? 'every image maps to nearly the same point' : 'the outputs fill only a few directions'}.`
    : reports
      ? 'Not collapsed so far.'
      : 'Waiting for the first report…';

/** The run's verdict in a sentence (a prediction's outcome, in a lesson's words). */
export function CollapseVerdict() {
  const { trail, verdict } = useVerdict();
  return (
    <span className={verdict ? 'verdict collapsed' : 'verdict'} data-collapsed={verdict ? verdict.step : ''}>
      {verdictText(verdict, trail.length)}
    </span>
  );
}

export function CollapseGauges() {
  const { trail, d, verdict } = useVerdict();
  const spectrum = useRun((r) => r.geometry?.spectrum);
  const healthy = healthyStd(d);
  const rank0 = trail[0]?.rankme;
  const [stdChart, rankChart] = useMemo(() => {
    const points = (key: 'std' | 'rankme') => trail.map((t) => ({ step: t.step, value: t[key] }));
    const stdTop = Math.max(healthy * 1.3, ...trail.map((t) => t.std));
    const rankTop = Math.max(1, ...trail.map((t) => t.rankme));
    return [
      <LineChartLite
        key="std"
        series={[{ key: 'std', name: 'std', color: '#1b9e77', points: points('std') }]}
        refs={[{ y: healthy, label: '1/√d', color: '#2e7d32' }, { y: STD_LINE * healthy, label: 'collapse', color: '#c0392b' }]}
        yMax={Math.ceil(stdTop * 100) / 100}
        height={90}
        digits={3}
        label="std of the normalised outputs by step"
      />,
      <LineChartLite
        key="rank"
        series={[{ key: 'rank', name: 'RankMe', color: '#7570b3', points: points('rankme') }]}
        refs={rank0 !== undefined ? [{ y: RANK_LINE * rank0, label: 'collapse', color: '#c0392b' }] : []}
        yMax={Math.ceil(rankTop * 1.1)}
        height={90}
        digits={2}
        label="RankMe (effective rank) by step"
      />,
    ];
  }, [trail, healthy, rank0]);
  return (
    <div className="gauges">
      <p className={verdict ? 'verdict collapsed' : 'verdict'} data-collapsed={verdict ? verdict.step : ''} data-collapse-kind={verdict?.kind ?? ''}>
        {verdictText(verdict, trail.length)}
      </p>
      <div className="gauge-label">std of normalised z (green: 1/√d = {healthy.toFixed(3)}; red: collapse line)</div>
      {stdChart}
      <div className="gauge-label">RankMe (red: {Math.round(RANK_LINE * 100)}% of its start)</div>
      {rankChart}
      {spectrum && (
        <>
          <div className="gauge-label">singular values of z, largest first</div>
          <Spectrum shares={spectrum} />
        </>
      )}
    </div>
  );
}
