// The DINOv2 paper's Figure 1 at our scale: the last layer's patch features of held-out images,
// projected on their principal components. Patches whose first component is low are background
// (black); the foreground's first three components are red, green and blue, so that the same part
// of different images gets the same colour. The PCA is refitted at every report.
import { useEffect, useRef } from 'react';
import { watch } from '../../bridge/client';
import { fmt } from '../format';
import { hiDpiContext } from '../canvas';
import { drawImage, drawPatches } from './patchDraw';
import { Readout } from './Readout';
import { useRun } from './run';
import { FigureTools } from './FigureTools';

const CELL = 72;

function Tile({ rgba, rgb, grid }: { rgba: Uint8ClampedArray; rgb: Uint8ClampedArray; grid: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const g = hiDpiContext(c, 2 * CELL + 4, CELL);
    drawImage(g, rgba, CELL);
    g.save();
    g.translate(CELL + 4, 0);
    drawPatches(g, grid, CELL, (i) => `rgb(${rgb[3 * i]}, ${rgb[3 * i + 1]}, ${rgb[3 * i + 2]})`);
    g.restore();
  }, [rgba, rgb, grid]);
  return <canvas ref={ref} style={{ width: 2 * CELL + 4, height: CELL }} aria-hidden="true" />;
}

export function PatchPcaGrid() {
  const r = useRun((x) => x.patches);
  useEffect(() => watch('patches'), []);
  if (!r) return <p className="sweep-note">Patch-feature maps appear for runs on the ViT backbone, after the first evaluation.</p>;
  const p = r.grid * r.grid;
  const untrained = r.jaccardAtInit ?? undefined;
  return (
    <figure className="patch-pca" data-step={r.step} data-foreground={r.foregroundShare.toFixed(3)} data-images={r.n}>
      <div className="patch-pca-grid">
        {Array.from({ length: r.n }, (_, i) => (
          <Tile key={i} rgba={r.rgba.subarray(i * 4096, (i + 1) * 4096)} rgb={r.rgb.subarray(i * p * 3, (i + 1) * p * 3)} grid={r.grid} />
        ))}
      </div>
      {r.jaccard != null && (
        <div className="readouts">
          <Readout metric="patchJaccard" label="Foreground vs object (Jaccard)" value={fmt.fixed(r.jaccard, 3)} hint={`Mean Jaccard between the patches kept as foreground and the object's mask, on the ${r.scored} held-out images of the PCA.`}>
            <div className="readout-sub">{untrained !== undefined ? `untrained: ${untrained.toFixed(3)}` : ''}</div>
          </Readout>
          <Readout metric="foregroundShare" label="Patches kept" value={fmt.pct(r.foregroundShare)} hint="Share of patches whose first principal component is above its mean." />
        </div>
      )}
      <figcaption>
        Step {r.step}. Left of each pair: a held-out image. Right: its 64 patches coloured by the last layer’s patch features. A PCA over every patch of {r.scored} held-out images;
        patches whose first component is below its mean are background (black; the sign is the one that makes the image border low). A second PCA over the foreground patches only gives three
        components, shown as red, green and blue.
        <FigureTools name="the patch features (PCA)" />
      </figcaption>
    </figure>
  );
}
