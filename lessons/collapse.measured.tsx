// What `npm run experiment -- … --gauges 10` measured for the collapse lesson (runs/collapse/b64-*.json,
// the lesson's setting: MNIST, batch 64, 300 steps, seed 1). The rows are lessons/measured/collapse.json,
// made by `npm run tables` from those files; lessons/collapse.measured.test.ts checks the lesson's claims.
import generated from './measured/collapse.json';
import { fmt } from '../src/ui/format';

export interface CollapseRow {
  file: string;
  variant: string;
  label: string;
  knn: number;
  knnRandomInit: number;
  std: number;
  rankme: number;
  /** mean of the last 10 steps' loss */
  loss: number;
  /** the page's collapse rule on the gauges every 10 steps; null = never */
  collapsedAt: number | null;
}

export const COLLAPSE_MEASURED = generated.data as CollapseRow[];

export function CollapseTable() {
  return (
    <table tabIndex={0} className="measured" data-measured="collapse">
      <thead>
        <tr>
          <th>run (batch 64, 300 steps)</th>
          <th>std (1/√d = 0.088)</th>
          <th>RankMe</th>
          <th>final loss</th>
          <th>kNN on h</th>
          <th>gain</th>
          <th>collapsed</th>
        </tr>
      </thead>
      <tbody>
        {COLLAPSE_MEASURED.map((r) => (
          <tr key={r.file}>
            <td>{r.label}</td>
            <td>{fmt.fixed(r.std, 4)}</td>
            <td>{fmt.fixed(r.rankme, 1)}</td>
            <td>{fmt.fixed(r.loss, 3)}</td>
            <td>{fmt.pct(r.knn)}</td>
            <td>{(r.knn - r.knnRandomInit >= 0 ? '+' : '') + ((r.knn - r.knnRandomInit) * 100).toFixed(1)}</td>
            <td>{r.collapsedAt === null ? 'no' : `at step ${r.collapsedAt}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
