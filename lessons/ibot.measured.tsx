// What `npm run experiment -- --lesson ibot --variant <id> [--seed 2] --attention 50 --patches 50`
// measured for the iBOT lesson (runs/ibot/*.json: the page's own settings, 300 steps).
// The rows are made by `npm run tables` from those files (lessons/measured/masked.json).
import { DISC_PRIOR } from './dino.measured';
import { MASKED_RUNS, type MaskedRow } from './masked.measured';

const pct = (v: number) => (v * 100).toFixed(1) + '%';
const arrow = (xs: number[], d = 3) => xs.map((v) => v.toFixed(d)).join(' → ');

export const IBOT_ROWS: MaskedRow[] = MASKED_RUNS.filter((r) => r.lesson === 'ibot');

export function IbotTable() {
  return (
    <table tabIndex={0} className="measured" data-measured="ibot">
      <caption>
        The lesson’s runs, 300 steps each; seed 2 draws other images, other weights and other crops. kNN on 2,000 held-out images; Jaccard scores on the first 500 held-out images (the
        centred disc scores {DISC_PRIOR.toFixed(3)} on those of seed 1).
      </caption>
      <thead>
        <tr>
          <th>run</th>
          <th>seed</th>
          <th>kNN, untrained → 300</th>
          <th>attention Jaccard, step 0 → 50 → 300</th>
          <th>patch-PCA Jaccard, 0 → 300</th>
          <th>[CLS] loss, steps 1–10 → 281–300</th>
          <th>patch loss, same steps</th>
          <th>RankMe of z</th>
        </tr>
      </thead>
      <tbody>
        {IBOT_ROWS.map((r) => (
          <tr key={r.file}>
            <td>{r.label}</td>
            <td>{r.seed}</td>
            <td>
              {pct(r.knn[0])} → {pct(r.knn[1])}
            </td>
            <td>{arrow(r.attention)}</td>
            <td>{arrow(r.patchPca)}</td>
            <td>{arrow(r.lossCls, 2)}</td>
            <td>{r.lossPatch[1] === 0 ? '— (off)' : arrow(r.lossPatch, 2)}</td>
            <td>{r.rankme.toFixed(1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
