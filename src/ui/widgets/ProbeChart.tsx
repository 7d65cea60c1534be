// What the representation before the projection head (h) and after it (z) still know, as training
// goes: a linear probe and kNN for the class, and a linear probe for the quarter turn applied to an
// image — information the contrastive loss never asked z to keep.
import { useEffect, useMemo } from 'react';
import { watch } from '../../bridge/client';
import { fmt } from '../format';
import { LineChartLite } from './LineChartLite';
import { Readout } from './Readout';
import { useRun } from './run';
import { FigureTools } from './FigureTools';

const H = '#4e79a7';
const Z = '#e15759';

export function ProbeChart({ height = 220 }: { height?: number }) {
  const probes = useRun((r) => r.probes);
  useEffect(() => watch('probes'), []);
  const series = useMemo(() => {
    const pts = (k: 'linearH' | 'linearZ' | 'knnH' | 'knnZ') => probes.map((p) => ({ step: p.step, value: 100 * p[k] }));
    return [
      { key: 'linearH', name: 'linear probe on h', color: H, points: pts('linearH') },
      { key: 'linearZ', name: 'linear probe on z', color: Z, points: pts('linearZ') },
      { key: 'knnH', name: 'kNN on h', color: H, points: pts('knnH'), dashed: true },
      { key: 'knnZ', name: 'kNN on z', color: Z, points: pts('knnZ'), dashed: true },
    ];
  }, [probes]);
  const last = probes[probes.length - 1];
  const values = probes.flatMap((p) => [p.linearH, p.linearZ, p.knnH, p.knnZ].map((v) => 100 * v));
  const lo = values.length ? Math.max(0, Math.floor(Math.min(...values) / 10) * 10) : 0;
  return (
    <figure className="probes" data-probes={probes.length} data-step={last?.step ?? -1}>
      <div className="readouts">
        <Readout metric="probeH" label="Linear probe on h" value={fmt.pct(last?.linearH)} hint={last ? `Softmax regression on h of ${last.sizes.train} training images, scored on ${last.sizes.test} held-out ones.` : undefined} />
        <Readout metric="probeZ" label="Linear probe on z" value={fmt.pct(last?.linearZ)} hint="The same probe on z, the projection head's output." />
        <Readout metric="rotationH" label="Quarter turn from h" value={fmt.pct(last?.rotationH)} hint="A linear probe told which of four quarter turns was applied to a held-out image (chance 25%)." />
        <Readout metric="rotationZ" label="Quarter turn from z" value={fmt.pct(last?.rotationZ)} hint="The same, from z." />
      </div>
      <LineChartLite series={series} yMin={lo} yMax={100} height={height} digits={1} label="Held-out accuracy of probes on h and on z by step" />
      <figcaption>
        Held-out accuracy (%) of probes on h, before the projection head (blue), and on z, after it (red), at each evaluation
        {last ? ` (last at step ${last.step})` : ''}. Solid: a linear probe; dashed: kNN.
        <FigureTools name="the probes" />
      </figcaption>
    </figure>
  );
}
