// Where the ViT looks: the last layer's CLS→patch attention over held-out images, one head or all
// of them, with the patches holding 60% of the attention outlined (the DINO paper's threshold)
// and that outline's Jaccard against the object's mask when the dataset has masks.
import { useEffect, useRef, useState } from 'react';
import { attentionMask } from '../../engine/metrics/attention';
import { watch } from '../../bridge/client';
import { fmt } from '../format';
import { Readout } from './Readout';
import { useRun } from './run';
import { hiDpiContext } from '../canvas';
import { drawImage, drawPatches, outlinePatches } from './patchDraw';
import { FigureTools } from './FigureTools';

const CELL = 96;

function AttentionTile({ rgba, map, grid }: { rgba: Uint8ClampedArray; map: Float32Array; grid: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const g = hiDpiContext(c, CELL);
    drawImage(g, rgba, CELL);
    // the map's own range, squared: a near-uniform map still shows where it leans, and the image stays visible
    const max = Math.max(...map);
    const min = Math.min(...map);
    drawPatches(g, grid, CELL, (i) => `rgba(255, 120, 0, ${0.7 * ((map[i] - min) / (max - min || 1)) ** 2})`);
    // the outline of the thresholded map: edges between kept and dropped patches
    outlinePatches(g, grid, CELL, attentionMask(map));
  }, [rgba, map, grid]);
  return <canvas ref={ref} style={{ width: CELL, height: CELL }} aria-hidden="true" />;
}

export function AttentionGrid() {
  const att = useRun((r) => r.attention);
  const init = useRun((r) => r.jaccardAtInit);
  const [head, setHead] = useState<number | 'all'>(0);
  useEffect(() => watch('attention'), []);
  if (!att) return <p className="sweep-note">Attention maps appear for runs on the ViT backbone (backbone=vit), after the first evaluation.</p>;
  const p = att.grid * att.grid;
  const mapOf = (i: number): Float32Array => {
    if (head !== 'all') return att.maps.subarray((i * att.heads + head) * p, (i * att.heads + head + 1) * p);
    const mean = new Float32Array(p);
    for (let h = 0; h < att.heads; h++) for (let k = 0; k < p; k++) mean[k] += att.maps[(i * att.heads + h) * p + k] / att.heads;
    return mean;
  };
  const best = att.jaccard ? Math.max(...att.jaccard) : undefined;
  // which patch each tile's map peaks at: lets a test tell two maps apart without reading pixels
  const peaks = Array.from({ length: att.n }, (_, i) => {
    const m = mapOf(i);
    return m.indexOf(Math.max(...m));
  }).join(',');
  const shown = att.jaccard ? (head === 'all' ? best : att.jaccard[Math.min(head, att.heads - 1)]) : undefined;
  return (
    <figure className="attention" data-step={att.step} data-head={head} data-images={att.n} data-peaks={peaks}>
      <div className="matrix-tabs" role="radiogroup" aria-label="Attention head">
        {Array.from({ length: att.heads }, (_, h) => (
          <button key={h} className={head === h ? 'btn on' : 'btn'} role="radio" aria-checked={head === h} data-head-button={h} onClick={() => setHead(h)}>
            head {h + 1}
          </button>
        ))}
        <button className={head === 'all' ? 'btn on' : 'btn'} role="radio" aria-checked={head === 'all'} data-head-button="all" onClick={() => setHead('all')}>
          all heads
        </button>
      </div>
      <div className="attention-grid">
        {Array.from({ length: att.n }, (_, i) => (
          <AttentionTile key={i} rgba={att.rgba.subarray(i * 4096, (i + 1) * 4096)} map={mapOf(i)} grid={att.grid} />
        ))}
      </div>
      {att.jaccard && (
        <div className="readouts">
          <Readout
            metric="jaccard"
            label={head === 'all' ? 'Attention Jaccard (best head)' : `Attention Jaccard (head ${head + 1})`}
            value={fmt.fixed(shown, 3)}
            hint={`Mean Jaccard between the patches holding 60% of the attention and the object's mask, on the first ${att.scored} held-out images.`}
          >
            <div className="readout-sub">
              {init ? `untrained: ${(head === 'all' ? Math.max(...init) : init[Math.min(head, init.length - 1)]).toFixed(3)}` : ''}
              {att.discPrior != null ? ` · centred disc: ${att.discPrior.toFixed(3)}` : ''}
            </div>
          </Readout>
        </div>
      )}
      <figcaption>
        Step {att.step}: the last layer’s attention from the CLS token to each 4×4 patch, {head === 'all' ? 'averaged over the heads' : `head ${head + 1}`}, on {att.n} held-out
        images. White outline: the patches holding 60% of the attention{att.jaccard ? `; per head, its Jaccard with the objects' masks: ${att.jaccard.map((j) => j.toFixed(2)).join(' · ')}` : ''}.
        <FigureTools name="the attention maps" />
      </figcaption>
    </figure>
  );
}
