// A small SVG line chart for figures that update often with several runs: a recharts chart costs
// tens of milliseconds per update, which on the DINO lesson's page (three runs, two charts) made
// main-thread tasks over 50 ms; this one draws a few polylines. Hover shows every run's value.
import { useEffect, useRef, useState } from 'react';
import { fmt } from '../format';
import { FigureTools } from './FigureTools';

export interface LiteSeries {
  key: string;
  name: string;
  color: string;
  points: { step: number; value: number }[];
  dashed?: boolean;
}

export const PAD = { left: 40, right: 12, top: 10, bottom: 22 };

export function ticks(lo: number, hi: number, n = 4): number[] {
  const raw = (hi - lo) / n || 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(+v.toFixed(10));
  return out;
}

/** Horizontal grid lines with their values at the left, shared by the light charts. */
export function YGrid({ lo, hi, y, w, n = 4, fontSize = 11 }: { lo: number; hi: number; y: (v: number) => number; w: number; n?: number; fontSize?: number }) {
  return (
    <>
      {ticks(lo, hi, n).map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={PAD.left + w} y1={y(t)} y2={y(t)} stroke="#e6e8ef" />
          <text x={PAD.left - 4} y={y(t) + 4} fontSize={fontSize} textAnchor="end" fill="#666">
            {t}
          </text>
        </g>
      ))}
    </>
  );
}

/** The width of the element `box` is put on, kept up to date, never under `min`. */
export function useWidth(initial = 400, min = 160) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.max(min, Math.round(e.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, [min]);
  return { box, width };
}

export function LineChartLite({ series, refs = [], yMin = 0, yMax, height, digits = 3, label }: { series: LiteSeries[]; refs?: { y: number; label: string; color?: string }[]; yMin?: number; yMax: number; height: number; digits?: number; label: string }) {
  const { box, width } = useWidth(400, 200);
  const [hover, setHover] = useState<number | null>(null);
  const maxStep = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.step)));
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - PAD.bottom;
  const x = (step: number) => PAD.left + (w * step) / maxStep;
  const y = (v: number) => PAD.top + h * (1 - (Math.min(Math.max(v, yMin), yMax) - yMin) / (yMax - yMin || 1));
  const nearest = (s: LiteSeries, step: number) => s.points.reduce<{ step: number; value: number } | undefined>((b, p) => (!b || Math.abs(p.step - step) < Math.abs(b.step - step) ? p : b), undefined);
  return (
    <div ref={box} className="lite-chart" data-series={series.length} data-points={series.map((s) => s.points.length).join(',')}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={label}
        onMouseMove={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          setHover(Math.round(((e.clientX - r.left - PAD.left) / w) * maxStep));
        }}
        onMouseLeave={() => setHover(null)}
      >
        <YGrid lo={yMin} hi={yMax} y={y} w={w} />
        {ticks(0, maxStep).map((t) => (
          <text key={t} x={x(t)} y={height - 6} fontSize={11} textAnchor="middle" fill="#666">
            {t}
          </text>
        ))}
        {refs.map((r) => (
          <g key={r.label}>
            <line x1={PAD.left} x2={PAD.left + w} y1={y(r.y)} y2={y(r.y)} stroke={r.color ?? '#999'} strokeDasharray="5 4" />
            <text x={PAD.left + w - 2} y={y(r.y) + (r.y >= yMax * 0.9 ? 12 : -4)} fontSize={11} textAnchor="end" fill="#666">
              {r.label}
            </text>
          </g>
        ))}
        {series.map((s) =>
          s.points.length === 1 ? (
            <circle key={s.key} cx={x(s.points[0].step)} cy={y(s.points[0].value)} r={3} fill={s.color} />
          ) : (
            <polyline key={s.key} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? '6 4' : undefined} points={s.points.map((p) => `${x(p.step).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')} />
          ),
        )}
        {hover !== null && hover >= 0 && hover <= maxStep && (
          <g pointerEvents="none">
            <line x1={x(hover)} x2={x(hover)} y1={PAD.top} y2={PAD.top + h} stroke="#bbb" />
            <text x={Math.min(x(hover) + 6, width - 110)} y={PAD.top + 12} fontSize={11} fill="#333">
              step {nearest(series[0], hover)?.step ?? hover}
            </text>
            {series.map((s, i) => (
              <text key={s.key} x={Math.min(x(hover) + 6, width - 110)} y={PAD.top + 26 + 13 * i} fontSize={11} fill={s.color}>
                {fmt.fixed(nearest(s, hover)?.value, digits)}
              </text>
            ))}
          </g>
        )}
      </svg>
      <FigureTools name={label} csv={() => series.map((s) => ({ name: s.name, points: s.points }))} />
      {series.length > 1 && (
        <div className="lite-legend">
          {series.map((s) => (
            <span key={s.key}>
              <i className={s.dashed ? 'swatch-line dashed' : 'swatch-line'} style={{ borderColor: s.color }} aria-hidden="true" /> {s.name}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
