// The batch as the loss sees it: cosine similarities of 2m views (m held-out images, two views each,
// first views then second views, as SimCLR orders a batch), or each row's softmax at the run's τ —
// the weights with which NT-Xent pushes the anchor away from each negative. Pointing at a row (or
// moving through rows with ↑/↓) marks that anchor, its positive and its hardest negatives on the
// sphere view.
import { useEffect, useMemo, useRef, useState } from 'react';
import { setHover, useLab } from '../../store/lab';
import { watch } from '../../bridge/client';
import { MATRIX_IMAGES, cosineMatrix, hardestNegatives, matrixRows, positiveOf, rowWeights } from '../contrast';
import { fmt } from '../format';
import { useRun, useRunConfig, useRunLabel } from './run';
import { hiDpiContext } from '../canvas';
import { FigureTools } from './FigureTools';

/** white → blue for similarity 0 → 1, white → orange for 0 → −1; weights: white → dark red */
function cosColor(v: number): string {
  const t = Math.min(1, Math.abs(v));
  const [r, g, b] = v >= 0 ? [33, 102, 172] : [230, 120, 30];
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}
function weightColor(w: number): string {
  const t = Math.min(1, Math.sqrt(w)); // square root so small weights stay visible
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(120)},${mix(10)},${mix(30)})`;
}

export function SimilarityMatrix({ size = 336 }: { size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const label = useRunLabel();
  const geo = useRun((r) => r.geometry);
  const tau = useRunConfig().temperature;
  const hover = useLab((s) => (s.hover?.run === label ? s.hover.row : null));
  const [mode, setMode] = useState<'cos' | 'softmax'>('softmax');
  useEffect(() => watch('geometry'), []);
  useEffect(() => () => setHover(null), []);

  const mat = useMemo(() => {
    if (!geo) return null;
    const rows = matrixRows(geo.labels.length, MATRIX_IMAGES);
    const n = rows.length;
    const sim = cosineMatrix(geo.z, geo.d, rows);
    const weights = new Float64Array(n * n);
    for (let i = 0; i < n; i++) weights.set(rowWeights(sim, n, i, tau), i * n);
    return { n, sim, weights };
  }, [geo, tau]);

  useEffect(() => {
    const c = ref.current;
    if (!c || !mat) return;
    const g = hiDpiContext(c, size);
    const cell = size / mat.n;
    for (let i = 0; i < mat.n; i++) {
      for (let k = 0; k < mat.n; k++) {
        g.fillStyle = i === k ? '#e9eaee' : mode === 'cos' ? cosColor(mat.sim[i * mat.n + k]) : weightColor(mat.weights[i * mat.n + k]);
        g.fillRect(k * cell, i * cell, Math.ceil(cell), Math.ceil(cell));
      }
    }
    // the two halves (first views | second views), and the positives' diagonals
    g.strokeStyle = '#666';
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(size / 2, 0);
    g.lineTo(size / 2, size);
    g.moveTo(0, size / 2);
    g.lineTo(size, size / 2);
    g.stroke();
    if (hover !== null && hover < mat.n) {
      g.strokeStyle = '#111';
      g.lineWidth = 2;
      g.strokeRect(0, hover * cell, size, cell);
      g.strokeStyle = '#2ca02c';
      g.strokeRect(positiveOf(hover, mat.n) * cell, hover * cell, cell, cell);
    }
  }, [mat, mode, size, hover]);

  const rowAt = (e: React.PointerEvent) => {
    if (!mat) return null;
    const r = (e.target as HTMLElement).getBoundingClientRect();
    const row = Math.floor(((e.clientY - r.top) / r.height) * mat.n);
    return row >= 0 && row < mat.n ? row : null;
  };
  const detail = useMemo(() => {
    if (!mat || hover === null || hover >= mat.n) return null;
    const w = mat.weights.subarray(hover * mat.n, (hover + 1) * mat.n);
    const pos = positiveOf(hover, mat.n);
    const hard = hardestNegatives(mat.sim, mat.n, hover, 3);
    const negTotal = 1 - w[pos];
    return { pos, pPos: w[pos], loss: -Math.log(w[pos]), hardShare: hard.reduce((a, k) => a + w[k], 0) / negTotal, hardSim: mat.sim[hover * mat.n + hard[0]], posSim: mat.sim[hover * mat.n + pos] };
  }, [mat, hover]);

  return (
    <figure className="matrix">
      <div className="matrix-tabs" role="radiogroup" aria-label="Matrix shows">
        <button className={mode === 'softmax' ? 'btn on' : 'btn'} role="radio" aria-checked={mode === 'softmax'} onClick={() => setMode('softmax')}>
          softmax at τ = {fmt.sci(tau)}
        </button>
        <button className={mode === 'cos' ? 'btn on' : 'btn'} role="radio" aria-checked={mode === 'cos'} onClick={() => setMode('cos')}>
          cosine similarity
        </button>
      </div>
      <canvas
        ref={ref}
        style={{ width: size, height: size }}
        tabIndex={0}
        role="grid"
        aria-label={`Similarity matrix of ${mat?.n ?? 0} views; arrow keys choose a row`}
        aria-rowcount={mat?.n ?? 0}
        data-size={mat?.n ?? 0}
        data-hover-row={hover ?? ''}
        onPointerMove={(e) => {
          const row = rowAt(e);
          setHover(row === null ? null : { run: label, row });
        }}
        onPointerLeave={() => setHover(null)}
        onKeyDown={(e) => {
          if (!mat || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
          e.preventDefault();
          e.stopPropagation();
          const next = hover === null ? 0 : (hover + (e.key === 'ArrowDown' ? 1 : mat.n - 1)) % mat.n;
          setHover({ run: label, row: next });
        }}
        onBlur={() => setHover(null)}
      />
      <figcaption>
        {mat ? `${mat.n} views: ${mat.n / 2} held-out images, first views (top/left half) then second views. ` : ''}
        {mode === 'softmax'
          ? 'Row i: how the loss splits view i’s push among the others — dark = large weight. The positive sits on the off-centre diagonals.'
          : 'Blue: similar, orange: opposite. The positives sit on the off-centre diagonals.'}
        {detail ? (
          <span className="matrix-detail" data-testid="matrix-detail">
            {' '}
            Row {hover}: its positive (row {detail.pos}, cosine {fmt.fixed(detail.posSim, 2)}) gets weight {fmt.fixed(detail.pPos, 3)}, so ℓ = −log p₊ = {fmt.fixed(detail.loss, 2)}; its three hardest negatives (the closest, cosine {fmt.fixed(detail.hardSim, 2)}) take {fmt.pct(detail.hardShare)} of the rest.
          </span>
        ) : (
          ' Point at a row.'
        )}
        <FigureTools name="the similarity matrix" />
      </figcaption>
    </figure>
  );
}
