// Light SVG figures for what changes at every evaluation of every run: a path per run in a plane,
// and one bar per run. recharts spent 50–190 ms of main thread per redraw of these on the 5-run
// τ sweep; these draw a few dozen SVG elements.
import { fmt } from '../format';
import { PAD, ticks, useWidth, YGrid } from './LineChartLite';

export interface PathSeries {
  key: string;
  name: string;
  color: string;
  points: { x: number; y: number; step: number }[];
}

/** Each series a path of points in (x, y), in order; a dashed vertical reference line if given. */
export function PathPlaneLite({ series, xDomain, yDomain, xRef, xLabel, height, label }: { series: PathSeries[]; xDomain: [number, number]; yDomain: [number, number]; xRef?: number; xLabel: string; height: number; label: string }) {
  const { box, width } = useWidth();
  const bottom = PAD.bottom + 14;
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - bottom;
  const [x0, x1] = xDomain;
  const [y0, y1] = yDomain;
  const x = (v: number) => PAD.left + (w * (v - x0)) / (x1 - x0 || 1);
  const y = (v: number) => PAD.top + h * (1 - (v - y0) / (y1 - y0 || 1));
  const last = series.map((s) => s.points.at(-1));
  return (
    <div ref={box} className="lite-chart" data-series={series.length} data-points={series.map((s) => s.points.length).join(',')}>
      <svg width={width} height={height} role="img" aria-label={label}>
        <YGrid lo={y0} hi={y1} y={y} w={w} />
        {ticks(x0, x1).map((t) => (
          <g key={`x${t}`}>
            <line x1={x(t)} x2={x(t)} y1={PAD.top} y2={PAD.top + h} stroke="#eef0f4" />
            <text x={x(t)} y={PAD.top + h + 14} fontSize={11} textAnchor="middle" fill="#666">
              {t}
            </text>
          </g>
        ))}
        <text x={PAD.left + w / 2} y={height - 4} fontSize={12} textAnchor="middle" fill="#555">
          {xLabel}
        </text>
        {xRef !== undefined && xRef >= x0 && xRef <= x1 && <line x1={x(xRef)} x2={x(xRef)} y1={PAD.top} y2={PAD.top + h} stroke="#999" strokeDasharray="5 4" />}
        {series.map((s) => (
          <g key={s.key}>
            <polyline fill="none" stroke={s.color} strokeWidth={2} points={s.points.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ')} />
            {s.points.map((p) => (
              <circle key={p.step} cx={x(p.x)} cy={y(p.y)} r={2.5} fill={s.color}>
                <title>{`${s.name}, step ${p.step}: uniformity ${fmt.fixed(p.x, 3)}, alignment ${fmt.fixed(p.y, 3)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <div className="lite-legend">
          {series.map((s, i) => (
            <span key={s.key} style={{ color: s.color }}>
              ━ {s.name}
              {last[i] ? ` (${fmt.fixed(last[i]!.x, 2)}, ${fmt.fixed(last[i]!.y, 2)})` : ''}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

/** One bar per run, its value written on it. */
export function BarsLite({ bars, height, digits, label }: { bars: { key: string; name: string; color: string; value: number }[]; height: number; digits: number; label: string }) {
  const { box, width } = useWidth(200);
  const finite = bars.map((b) => b.value).filter(Number.isFinite);
  const lo = Math.min(0, ...finite);
  const top = Math.max(0, ...finite);
  const hi = top === lo ? lo + 1 : top;
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + h * (1 - (v - lo) / (hi - lo || 1));
  const slot = w / Math.max(1, bars.length);
  return (
    <div ref={box} className="lite-chart" data-bars={bars.length}>
      <svg width={width} height={height} role="img" aria-label={label}>
        <YGrid lo={lo} hi={hi} y={y} w={w} n={3} fontSize={10} />
        {bars.map((b, i) => {
          const barTop = Number.isFinite(b.value) ? Math.min(y(b.value), y(0)) : y(0);
          const bh = Number.isFinite(b.value) ? Math.abs(y(b.value) - y(0)) : 0;
          return (
            <g key={b.key}>
              <rect x={PAD.left + i * slot + slot * 0.15} y={barTop} width={slot * 0.7} height={bh} fill={b.color}>
                <title>{`${b.name}: ${fmt.fixed(b.value, digits)}`}</title>
              </rect>
              <text x={PAD.left + (i + 0.5) * slot} y={height - 6} fontSize={10} textAnchor="middle" fill="#555">
                {b.name}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
