// What KoLeo acts on: how far each held-out image's CLS feature h (normalised) lies from its
// nearest neighbour. Features bunched together give a spike near 0; KoLeo's −log(distance) pushes
// the smallest distances up, so the left of the histogram empties.
import { useEffect } from 'react';
import { watch } from '../../bridge/client';
import { useLab } from '../../store/lab';
import { fmt, RUN_COLORS } from '../format';
import { useRun, useRunLabel } from './run';
import { FigureTools } from './FigureTools';

const W = 240;
const H = 90;
const BINS = 30;

export function NeighbourHistogram() {
  const s = useRun((r) => r.spread);
  const label = useRunLabel();
  const index = useLab((st) => Math.max(0, st.runOrder.indexOf(label)));
  useEffect(() => watch('spread'), []);
  if (!s) return <p className="sweep-note">Nearest-neighbour distances appear after the first evaluation.</p>;
  // log-spaced bins from 1e-3 to 2: a bunched-up model and a spread one both fit on one axis
  const lo = Math.log10(1e-3);
  const hi = Math.log10(2);
  const counts = new Array(BINS).fill(0);
  for (const d of s.nn) counts[Math.min(BINS - 1, Math.max(0, Math.floor(((Math.log10(Math.max(d, 1e-3)) - lo) / (hi - lo)) * BINS)))]++;
  const max = Math.max(...counts, 1);
  const color = RUN_COLORS[index % RUN_COLORS.length];
  const x = (v: number) => (W * (Math.log10(v) - lo)) / (hi - lo);
  return (
    <figure className="nn-hist" data-step={s.step} data-mean={s.meanNN.toFixed(4)}>
      <svg viewBox={`-16 -4 ${W + 32} ${H + 24}`} width="100%" role="img" aria-label={`Nearest-neighbour distances of ${s.n} held-out images: mean ${s.meanNN.toFixed(3)}`}>
        {counts.map((c, b) => (
          <rect key={b} x={(W * b) / BINS + 0.5} width={W / BINS - 1} y={H - (H * c) / max} height={(H * c) / max} fill={color} fillOpacity={0.7} />
        ))}
        <line x1={x(s.meanNN)} x2={x(s.meanNN)} y1={0} y2={H} stroke="#333" strokeDasharray="3 3" />
        {([[0.001, '10⁻³'], [0.01, '0.01'], [0.1, '0.1'], [1, '1']] as const).map(([v, t]) => (
          <text key={v} x={x(v)} y={H + 14} fontSize={10} textAnchor="middle" fill="#666">
            {t}
          </text>
        ))}
      </svg>
      <figcaption>
        Distance from each of {s.n} held-out images’ normalised h to its nearest neighbour (log scale). Dashed: the mean, <b>{fmt.fixed(s.meanNN, 3)}</b>; uniformity of h {fmt.fixed(s.uniformity, 2)}.
        <FigureTools name="the nearest-neighbour distances" />
      </figcaption>
    </figure>
  );
}
