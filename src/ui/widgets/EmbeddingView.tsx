// The held-out images' representations h, projected to 2-D by PCA, coloured by their (unseen)
// labels. Labels are never used in training: clusters that match colours are learnt structure.
import { useEffect, useRef } from 'react';
import { watch } from '../../bridge/client';
import { useLab } from '../../store/lab';
import { CLASS_COLORS } from '../format';
import { useRun } from './run';
import { hiDpiContext } from '../canvas';
import { FigureTools } from './FigureTools';

export function EmbeddingView({ size = 360, compact = false }: { size?: number; compact?: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const emb = useRun((r) => r.embedding);
  const classes = useLab((s) => s.dataset?.classNames);
  useEffect(() => watch('embedding'), []);
  useEffect(() => {
    const c = ref.current;
    if (!c || !emb) return;
    const g = hiDpiContext(c, size);
    g.fillStyle = '#fbfbfd';
    g.fillRect(0, 0, size, size);
    const n = emb.labels.length;
    // robust scale: the 2nd–98th percentile range fills the square, outliers sit at the edge
    const range = (axis: number) => {
      const v = Array.from({ length: n }, (_, i) => emb.coords[2 * i + axis]).sort((a, b) => a - b);
      return [v[Math.floor(n * 0.02)], v[Math.ceil(n * 0.98) - 1]];
    };
    const [x0, x1] = range(0);
    const [y0, y1] = range(1);
    const span = Math.max(x1 - x0, y1 - y0) || 1;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const pad = 14;
    const scale = (size - 2 * pad) / span;
    g.globalAlpha = 0.75;
    for (let i = 0; i < n; i++) {
      const x = Math.min(size - 4, Math.max(4, size / 2 + (emb.coords[2 * i] - cx) * scale));
      const y = Math.min(size - 4, Math.max(4, size / 2 - (emb.coords[2 * i + 1] - cy) * scale));
      g.fillStyle = CLASS_COLORS[emb.labels[i] % CLASS_COLORS.length];
      g.beginPath();
      g.arc(x, y, 2.6, 0, Math.PI * 2);
      g.fill();
    }
    g.globalAlpha = 1;
  }, [emb, size]);
  return (
    <figure className="embedding" aria-label="Embedding of held-out images">
      <canvas
        ref={ref}
        style={{ width: size, height: size }}
        data-step={emb?.step ?? -1}
        data-points={emb?.labels.length ?? 0}
        role="img"
        aria-label={emb ? `${emb.labels.length} held-out images on the first two principal components of h at step ${emb.step}, coloured by class` : 'waiting for the first embedding'}
      />
      {compact ? (
        <figcaption>
          h of {emb?.labels.length ?? 0} held-out images (first two principal components), step {emb?.step ?? '—'}; colour = class.
        </figcaption>
      ) : (
        <figcaption>
          {emb ? `Step ${emb.step}: ` : ''}
          {emb?.labels.length ?? 0} held-out images, h projected on its first two principal components. Colour = true class (never shown to the model).
          <span className="legend">
            {(classes ?? []).map((name, i) => (
              <span key={name}>
                <i style={{ background: CLASS_COLORS[i] }} />
                {name}
              </span>
            ))}
          </span>
          <FigureTools name="the embedding of held-out images" />
        </figcaption>
      )}
    </figure>
  );
}
