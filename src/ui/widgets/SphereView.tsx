// z itself, where the loss sees it: with a projection of size 2 or 3 the normalised outputs lie on
// the circle S¹ or the sphere S². Each held-out image shows as its two views joined by a short
// segment (the positive pair), coloured by its class. On the circle a ring of bars outside shows
// how the points are spread; the sphere turns by dragging (or the arrow keys when focused).
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLab } from '../../store/lab';
import { setParam, watch } from '../../bridge/client';
import { MATRIX_IMAGES, matrixRows, cosineMatrix, hardestNegatives, positiveOf } from '../contrast';
import { CLASS_COLORS } from '../format';
import { useRun, useRunLabel } from './run';
import { hiDpiContext } from '../canvas';
import { FigureTools } from './FigureTools';

const BINS = 48;

/** Rotation of the sphere view: yaw about the vertical axis, then pitch. */
interface Turn {
  yaw: number;
  pitch: number;
}

function project(x: number, y: number, z: number, t: Turn): [number, number, number] {
  const cy = Math.cos(t.yaw);
  const sy = Math.sin(t.yaw);
  const x1 = cy * x + sy * z;
  const z1 = -sy * x + cy * z;
  const cp = Math.cos(t.pitch);
  const sp = Math.sin(t.pitch);
  const y2 = cp * y - sp * z1;
  const z2 = sp * y + cp * z1;
  return [x1, y2, z2]; // z2 > 0: facing the viewer
}

export function SphereView({ size = 360, compact = false }: { size?: number; compact?: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const label = useRunLabel();
  const geo = useRun((r) => r.geometry);
  const hover = useLab((s) => s.hover);
  const embedDim = useLab((s) => s.experiment.config.embedDim);
  const [turn, setTurn] = useState<Turn>({ yaw: 0.6, pitch: -0.35 });
  const drag = useRef<{ x: number; y: number; t: Turn } | null>(null);
  useEffect(() => watch('geometry'), []);

  // the matrix's row under the pointer, mapped to rows of z: the anchor, its positive, its hardest negatives
  const highlight = useMemo(() => {
    if (!geo || !hover || hover.run !== label) return null;
    const n = geo.labels.length;
    const rows = matrixRows(n, MATRIX_IMAGES);
    if (hover.row >= rows.length) return null;
    const sim = cosineMatrix(geo.z, geo.d, rows);
    return {
      anchor: rows[hover.row],
      positive: rows[positiveOf(hover.row, rows.length)],
      negatives: hardestNegatives(sim, rows.length, hover.row, 3).map((k) => rows[k]),
    };
  }, [geo, hover, label]);

  useEffect(() => {
    const c = ref.current;
    if (!c || !geo || geo.d > 3) return;
    const g = hiDpiContext(c, size);
    g.clearRect(0, 0, size, size);
    const n = geo.labels.length;
    const R = size * (geo.d === 2 ? 0.34 : 0.42);
    const cx = size / 2;
    const cy = size / 2;
    g.strokeStyle = '#c9ccd6';
    g.lineWidth = 1;
    g.beginPath();
    g.arc(cx, cy, R, 0, 2 * Math.PI);
    g.stroke();
    const pos = (row: number): [number, number, number] => {
      const z = geo.z;
      const d = geo.d;
      if (d === 2) return [cx + R * z[row * 2], cy - R * z[row * 2 + 1], 1];
      const [x, y, depth] = project(z[row * 3], z[row * 3 + 1], z[row * 3 + 2], turn);
      return [cx + R * x, cy - R * y, depth];
    };
    if (geo.d === 2) {
      // the spread: a histogram of the first views' angles, as bars outside the circle
      const hist = new Float64Array(BINS);
      for (let i = 0; i < n; i++) {
        const a = Math.atan2(geo.z[i * 2 + 1], geo.z[i * 2]);
        hist[Math.min(BINS - 1, Math.floor(((a + Math.PI) / (2 * Math.PI)) * BINS))]++;
      }
      const top = Math.max(...hist);
      g.fillStyle = '#9aa3b8';
      for (let b = 0; b < BINS; b++) {
        if (!hist[b]) continue;
        const a0 = -Math.PI + (b / BINS) * 2 * Math.PI;
        const a1 = a0 + (2 * Math.PI) / BINS;
        const r1 = R + 10 + (size * 0.12 * hist[b]) / top;
        g.beginPath();
        g.arc(cx, cy, R + 8, -a0, -a1, true);
        g.arc(cx, cy, r1, -a1, -a0, false);
        g.closePath();
        g.fill();
      }
    }
    // back of the sphere first, faint; then the front
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => pos(a)[2] - pos(b)[2]);
    for (const i of order) {
      const [x1, y1, d1] = pos(i);
      const [x2, y2] = pos(n + i);
      const front = geo.d === 2 || d1 >= 0;
      g.globalAlpha = front ? (highlight ? 0.25 : 0.8) : 0.18;
      g.strokeStyle = g.fillStyle = CLASS_COLORS[geo.labels[i] % CLASS_COLORS.length];
      g.lineWidth = 1.2;
      g.beginPath();
      g.moveTo(x1, y1);
      g.lineTo(x2, y2);
      g.stroke();
      for (const [x, y] of [
        [x1, y1],
        [x2, y2],
      ]) {
        g.beginPath();
        g.arc(x, y, compact ? 2 : 2.6, 0, 2 * Math.PI);
        g.fill();
      }
    }
    g.globalAlpha = 1;
    if (highlight) {
      const ring = (row: number, color: string, r: number) => {
        const [x, y] = pos(row);
        g.strokeStyle = color;
        g.lineWidth = 2.5;
        g.beginPath();
        g.arc(x, y, r, 0, 2 * Math.PI);
        g.stroke();
      };
      highlight.negatives.forEach((k) => ring(k, '#d62728', 6));
      ring(highlight.positive, '#2ca02c', 7);
      ring(highlight.anchor, '#111', 8);
    }
  }, [geo, size, turn, highlight, compact]);

  if (embedDim > 3) {
    return (
      <figure className="sphere sphere-off" style={{ width: compact ? size : undefined }}>
        <p>
          z has {embedDim} dimensions here, too many to draw. With a projection of size 2 or 3 it lies on a circle or a sphere.{' '}
          {!compact && (
            <>
              <button className="btn" onClick={() => setParam('embedDim', 2)}>
                Use 2 (circle)
              </button>{' '}
              <button className="btn" onClick={() => setParam('embedDim', 3)}>
                Use 3 (sphere)
              </button>
            </>
          )}
        </p>
      </figure>
    );
  }
  const onKey = (e: React.KeyboardEvent) => {
    if (geo?.d !== 3) return;
    const k = { ArrowLeft: [-0.15, 0], ArrowRight: [0.15, 0], ArrowUp: [0, -0.15], ArrowDown: [0, 0.15] }[e.key];
    if (!k) return;
    e.preventDefault();
    e.stopPropagation();
    setTurn((t) => ({ yaw: t.yaw + k[0], pitch: Math.max(-1.5, Math.min(1.5, t.pitch + k[1])) }));
  };
  return (
    <figure className={compact ? 'sphere compact' : 'sphere'}>
      <canvas
        ref={ref}
        style={{ width: size, height: size, cursor: geo?.d === 3 ? 'grab' : undefined }}
        tabIndex={geo?.d === 3 ? 0 : -1}
        role="img"
        aria-label={geo ? `${geo.labels.length} held-out images, two views each, on the ${geo.d === 2 ? 'circle' : 'sphere'} at step ${geo.step}` : 'waiting for the model'}
        data-step={geo?.step ?? -1}
        data-points={geo ? 2 * geo.labels.length : 0}
        data-highlight={highlight ? [highlight.anchor, highlight.positive, ...highlight.negatives].join(',') : ''}
        onKeyDown={onKey}
        onPointerDown={(e) => {
          if (geo?.d !== 3) return;
          (e.target as HTMLElement).setPointerCapture(e.pointerId);
          drag.current = { x: e.clientX, y: e.clientY, t: turn };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          setTurn({ yaw: d.t.yaw + (e.clientX - d.x) / 120, pitch: Math.max(-1.5, Math.min(1.5, d.t.pitch + (e.clientY - d.y) / 120)) });
        }}
        onPointerUp={() => (drag.current = null)}
      />
      {!compact && (
        <figcaption>
          {geo ? `Step ${geo.step}: ` : ''}z of {geo?.labels.length ?? '…'} held-out images, two augmented views each joined by a line, on the {geo?.d === 3 ? 'sphere S² (drag to turn it)' : 'circle S¹ (bars: how many images point each way)'}. Colour = class, never shown to the model.
          {highlight && ' Black ring: the anchor; green: its positive; red: its three hardest negatives.'}
          <FigureTools name="z on the sphere" />
        </figcaption>
      )}
    </figure>
  );
}
