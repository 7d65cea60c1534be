// A few training images and the views the loss compares, as the model sees them. Multi-crop
// methods add their local crops, drawn at their own 16×16 size, and say which network sees which.
import { useEffect, useRef } from 'react';
import { METHODS } from '../../config/methods';
import { useLab } from '../../store/lab';
import { FigureTools } from './FigureTools';

const S = 32;
const L = 16;
const ZOOM = 3;

export function ViewsStrip() {
  const ref = useRef<HTMLCanvasElement>(null);
  const views = useLab((s) => s.views);
  const method = useLab((s) => s.experiment.method);
  const minArea = useLab((s) => s.experiment.config.cropMinScale);
  const nLocal = views?.locals?.count ?? 0;
  const rows = 3 + nLocal;
  useEffect(() => {
    const c = ref.current;
    if (!c || !views) return;
    const { k, rgba, locals } = views;
    c.width = k * (S + 4);
    c.height = (3 + (locals?.count ?? 0)) * (S + 4);
    const g = c.getContext('2d')!;
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, c.width, c.height);
    for (let i = 0; i < k; i++) {
      for (let v = 0; v < 3; v++) {
        const off = (i * 3 + v) * S * S * 4;
        g.putImageData(new ImageData(rgba.slice(off, off + S * S * 4), S, S), i * (S + 4) + 2, v * (S + 4) + 2);
      }
      // local crop l of image i sits at l·k + i (crop-major), centred in its cell at its true size
      for (let l = 0; l < (locals?.count ?? 0); l++) {
        const off = (l * k + i) * L * L * 4;
        g.putImageData(new ImageData(locals!.rgba.slice(off, off + L * L * 4), L, L), i * (S + 4) + 2 + (S - L) / 2, (3 + l) * (S + 4) + 2 + (S - L) / 2);
      }
    }
  }, [views]);
  const k = views?.k ?? 6;
  const multiCrop = nLocal > 0;
  return (
    <figure className="views" data-locals={nLocal}>
      <div className="views-grid">
        <div className="views-labels" style={{ display: 'grid', gridTemplateRows: `repeat(${rows}, 1fr)`, alignItems: 'center' }}>
          <span>image</span>
          <span>{multiCrop ? 'global 1 → teacher + student' : 'view 1'}</span>
          <span>{multiCrop ? 'global 2 → teacher + student' : 'view 2'}</span>
          {Array.from({ length: nLocal }, (_, l) => (
            <span key={l}>local {l + 1} → student only</span>
          ))}
        </div>
        <canvas ref={ref} style={{ width: '100%', maxWidth: k * (S + 4) * ZOOM, height: 'auto', aspectRatio: `${k} / ${rows}`, imageRendering: 'pixelated' }} data-step={views?.step ?? -1} role="img" aria-label={views ? `${k} training images of step ${views.step}, each with its ${rows - 1} random views below it` : 'waiting for the first batch'} />
      </div>
      <figcaption>
        Each column: a training image and its random views at step {views?.step ?? 0}.{' '}
        {multiCrop
          ? `The two global crops (32×32, each at least ${Math.round(minArea * 100)}% of the image's area) go through both networks; the ${nLocal} local crops (16×16 pixels, drawn at that size, each under ${Math.round(minArea * 100)}% of the area) go through the student only, which must still give the teacher's answer for the whole image.`
          : METHODS[method].views}
        <FigureTools name="the augmented views" />
      </figcaption>
    </figure>
  );
}
