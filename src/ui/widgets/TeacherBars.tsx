// What the teacher hands the student, at a glance: its mean distribution over the K prototypes on
// held-out images (bars, sorted from the most used prototype) and one image's distribution, sorted
// and averaged over images (line). On a log scale the three states look nothing alike: uniform
// collapse is a flat wall at 1/K, one-hot collapse is one bar at 1, and a healthy teacher has sharp
// per-image targets (the line starts high) spread over many prototypes (the bars fall slowly).
import { useEffect } from 'react';
import { watch } from '../../bridge/client';
import { fmt, RUN_COLORS } from '../format';
import { useLab } from '../../store/lab';
import { useRun, useRunLabel } from './run';
import { FigureTools } from './FigureTools';

const W = 240;
const H = 110;
const FLOOR = 1e-4;
const y = (p: number) => H - (H * (Math.log10(Math.max(p, FLOOR)) - Math.log10(FLOOR))) / -Math.log10(FLOOR);

export function TeacherBars() {
  const t = useRun((r) => r.teacher);
  const label = useRunLabel();
  const index = useLab((s) => Math.max(0, s.runOrder.indexOf(label)));
  useEffect(() => watch('teacher'), []);
  if (!t) return <p className="sweep-note">The teacher’s outputs appear here for DINO-family runs.</p>;
  const color = RUN_COLORS[index % RUN_COLORS.length];
  const x = (j: number) => (W * j) / t.k;
  const bars = `M0,${H} ` + Array.from(t.mean, (p, j) => `L${x(j).toFixed(1)},${y(p).toFixed(1)} L${x(j + 1).toFixed(1)},${y(p).toFixed(1)}`).join(' ') + ` L${W},${H} Z`;
  const line = Array.from(t.sortedPerImage, (p, j) => `${j ? 'L' : 'M'}${x(j + 0.5).toFixed(1)},${y(p).toFixed(1)}`).join(' ');
  const inUse = Math.exp(t.entropyOfMean);
  return (
    <figure className="teacher-bars" data-step={t.step} data-in-use={inUse.toFixed(1)} data-top={t.sortedPerImage[0].toFixed(4)}>
      <svg viewBox={`-30 -6 ${W + 36} ${H + 22}`} width="100%" role="img" aria-label={`Teacher outputs at step ${t.step}: about ${inUse.toFixed(0)} of ${t.k} prototypes in use; one image's top prototype gets ${(t.sortedPerImage[0] * 100).toFixed(0)}%`}>
        {[1, 1e-2, FLOOR].map((p) => (
          <g key={p}>
            <line x1={0} x2={W} y1={y(p)} y2={y(p)} stroke="#e6e8ef" />
            <text x={-4} y={y(p) + 4} fontSize={10} textAnchor="end" fill="#666">
              {p === 1 ? '1' : p === 1e-2 ? '10⁻²' : '10⁻⁴'}
            </text>
          </g>
        ))}
        <path d={bars} fill={color} fillOpacity={0.35} stroke="none" />
        <path d={line} fill="none" stroke={color} strokeWidth={2} />
        <line x1={0} x2={W} y1={y(1 / t.k)} y2={y(1 / t.k)} stroke="#999" strokeDasharray="4 3" />
        <text x={W} y={y(1 / t.k) - 3} fontSize={10} textAnchor="end" fill="#666">
          1/K, uniform
        </text>
        <text x={0} y={H + 14} fontSize={10} fill="#666">
          prototypes, most used first (K = {t.k})
        </text>
      </svg>
      <figcaption>
        Shaded: the teacher’s mean output over {t.n} held-out images — about <b>{fmt.fixed(inUse, 0)}</b> of {t.k} prototypes in use (e^H of the mean). Line: one
        image’s output, sorted — its top prototype gets <b>{fmt.pct(t.sortedPerImage[0], 0)}</b>. Step {t.step}.
        <FigureTools name="the teacher's outputs" />
      </figcaption>
    </figure>
  );
}
