// What `npm run experiment -- --lesson dinov2 --variant <id> [--seed 2] --attention 50 --patches 50`
// measured for the DINOv2 lesson (runs/dinov2/*.json; its DINO run is the iBOT lesson's,
// runs/ibot/dino*.json, made with the same settings), as `npm run tables` summarises them.
import { MASKED_RUNS, type MaskedRow } from './masked.measured';

const pct = (v: number) => (v * 100).toFixed(1) + '%';

export const DINOV2_ROWS: MaskedRow[] = MASKED_RUNS.filter((r) => r.lesson === 'dinov2' || r.variant === 'dino');

export function Dinov2Table() {
  return (
    <table tabIndex={0} className="measured" data-measured="dinov2">
      <caption>
        300 steps each; seed 2 draws other images, weights and crops. h: the backbone’s [CLS] feature, ℓ2-normalised, on 1,000 held-out images. Teacher: its targets on 500 held-out
        images at the end (e^H of their mean: how many of the 256 prototypes are in use). kNN on 2,000 held-out images.
      </caption>
      <thead>
        <tr>
          <th>run</th>
          <th>seed</th>
          <th>kNN, untrained → 300</th>
          <th>nearest neighbour of h, 0 → 300</th>
          <th>uniformity of h, 0 → 300</th>
          <th>teacher entropy, steps 281–300</th>
          <th>prototypes in use</th>
          <th>attention Jaccard at 300</th>
        </tr>
      </thead>
      <tbody>
        {DINOV2_ROWS.map((r) => (
          <tr key={r.file}>
            <td>{r.label}</td>
            <td>{r.seed}</td>
            <td>
              {pct(r.knn[0])} → {pct(r.knn[1])}
            </td>
            <td>
              {r.nn[0].toFixed(3)} → {r.nn[1].toFixed(3)}
            </td>
            <td>
              {r.uniformityH[0].toFixed(2)} → {r.uniformityH[1].toFixed(2)}
            </td>
            <td>{r.entropy[1].toFixed(2)}</td>
            <td>{r.prototypesInUse.toFixed(0)}</td>
            <td>{r.attention[2].toFixed(3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
