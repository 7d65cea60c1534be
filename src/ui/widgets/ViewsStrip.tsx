// A few training images and the two augmented views the loss compares, as the model sees them.
import { useEffect, useRef } from 'react';
import { METHODS } from '../../config/methods';
import { useLab } from '../../store/lab';

const S = 32;
const ZOOM = 3;

export function ViewsStrip() {
  const ref = useRef<HTMLCanvasElement>(null);
  const views = useLab((s) => s.views);
  const method = useLab((s) => s.experiment.method);
  useEffect(() => {
    const c = ref.current;
    if (!c || !views) return;
    const { k, rgba } = views;
    c.width = k * (S + 4);
    c.height = 3 * (S + 4);
    const g = c.getContext('2d')!;
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, c.width, c.height);
    for (let i = 0; i < k; i++) {
      for (let v = 0; v < 3; v++) {
        const off = (i * 3 + v) * S * S * 4;
        g.putImageData(new ImageData(rgba.slice(off, off + S * S * 4), S, S), i * (S + 4) + 2, v * (S + 4) + 2);
      }
    }
  }, [views]);
  const k = views?.k ?? 6;
  return (
    <figure className="views">
      <div className="views-grid">
        <div className="views-labels">
          <span>image</span>
          <span>view 1</span>
          <span>view 2</span>
        </div>
        <canvas ref={ref} style={{ width: '100%', maxWidth: k * (S + 4) * ZOOM, height: 'auto', aspectRatio: `${k} / 3`, imageRendering: 'pixelated' }} data-step={views?.step ?? -1} />
      </div>
      <figcaption>Each column: a training image and its two random views at step {views?.step ?? 0}. {METHODS[method].views}</figcaption>
    </figure>
  );
}
