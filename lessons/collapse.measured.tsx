// What `npm run experiment -- … --gauges 10` measured for the collapse lesson (runs/collapse/b64-*.json,
// the lesson's setting: MNIST, batch 64, 300 steps, seed 1). lessons/collapse.measured.test.ts checks
// every number here, and the claims the lesson makes of them, against those files.
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

export const COLLAPSE_MEASURED: CollapseRow[] = [
  { file: 'runs/collapse/b64-byol.json', variant: 'byol', label: 'BYOL', knn: 0.8325, knnRandomInit: 0.7630, std: 0.0568, rankme: 40.93, loss: 1.3100, collapsedAt: null },
  { file: 'runs/collapse/b64-byol-predictor0.json', variant: 'byol-nopred', label: 'BYOL without predictor', knn: 0.8025, knnRandomInit: 0.7630, std: 0.0102, rankme: 10.98, loss: 0.0735, collapsedAt: 10 },
  { file: 'runs/collapse/b64-byol-emaMomentum0.json', variant: 'byol-ema0', label: 'BYOL without EMA (τ = 0)', knn: 0.8540, knnRandomInit: 0.7630, std: 0.0546, rankme: 40.60, loss: 0.8900, collapsedAt: null },
  { file: 'runs/collapse/b64-byol-batchNorm0.json', variant: 'byol-nobn', label: 'BYOL without BatchNorm', knn: 0.7085, knnRandomInit: 0.7630, std: 0.0002, rankme: 1.11, loss: 0.0002, collapsedAt: 10 },
  { file: 'runs/collapse/b64-simsiam.json', variant: 'simsiam', label: 'SimSiam', knn: 0.8535, knnRandomInit: 0.7630, std: 0.0580, rankme: 35.69, loss: -0.7774, collapsedAt: null },
  { file: 'runs/collapse/b64-simsiam-stopGrad0.json', variant: 'simsiam-nostopgrad', label: 'SimSiam without stop-gradient', knn: 0.7720, knnRandomInit: 0.7630, std: 0.0053, rankme: 4.70, loss: -0.9969, collapsedAt: 30 },
];

export function CollapseTable() {
  return (
    <table className="measured" data-measured="collapse">
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
