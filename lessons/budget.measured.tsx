// What `npm run experiment -- --method <id> --probes --memory` measured for every method, one after
// another on this 2-core machine (runs/compare/<id>.json: MNIST, 300 steps, seed 1, each method's
// preset). The rows are lessons/measured/budget.json, made by `npm run tables` from those files;
// lessons/budget.measured.test.ts checks the runs' settings and the lesson's claims.
import generated from './measured/budget.json';
import { fmt } from '../src/ui/format';

export interface BudgetRow {
  method: string;
  label: string;
  batch: number;
  backbone: string;
  knn: number;
  knnRandomInit: number;
  /** linear probe on h, fitted on 8,000 training digits, scored on 2,000 held-out ones */
  linearH: number;
  linearHRandomInit: number;
  stepMs: number;
  /** weights + state between steps, bytes */
  heldBytes: number;
  stepPeakBytes: number;
}

export const BUDGET_MEASURED = generated.data as BudgetRow[];

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
const gain = (a: number, b: number) => (a - b >= 0 ? '+' : '') + ((a - b) * 100).toFixed(1);

export function BudgetTable() {
  return (
    <table tabIndex={0} className="measured" data-measured="budget">
      <thead>
        <tr>
          <th>method (preset)</th>
          <th>kNN, untrained → 300 steps</th>
          <th>linear probe on h, untrained → 300 steps</th>
          <th>ms / step</th>
          <th>weights + state</th>
          <th>step peak</th>
        </tr>
      </thead>
      <tbody>
        {BUDGET_MEASURED.map((r) => (
          <tr key={r.method}>
            <td>
              {r.label} ({r.backbone}, batch {r.batch})
            </td>
            <td>
              {fmt.pct(r.knnRandomInit)} → {fmt.pct(r.knn)} ({gain(r.knn, r.knnRandomInit)})
            </td>
            <td>
              {fmt.pct(r.linearHRandomInit)} → {fmt.pct(r.linearH)} ({gain(r.linearH, r.linearHRandomInit)})
            </td>
            <td>{fmt.int(r.stepMs)}</td>
            <td>{mb(r.heldBytes)}</td>
            <td>{mb(r.stepPeakBytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Points gained over the untrained encoder, kNN and linear probe, one pair of bars per method. */
export function BudgetChart() {
  const W = 560;
  const row = 26;
  const left = 120;
  const max = Math.max(...BUDGET_MEASURED.flatMap((r) => [r.knn - r.knnRandomInit, r.linearH - r.linearHRandomInit]), 0.01);
  const x = (v: number) => left + ((W - left - 50) * Math.max(0, v)) / max;
  return (
    <figure className="budget-chart">
      <svg viewBox={`0 0 ${W} ${BUDGET_MEASURED.length * row + 24}`} width="100%" role="img" aria-label="Points gained over the untrained encoder after 300 steps, per method">
        {BUDGET_MEASURED.map((r, i) => {
          const k = r.knn - r.knnRandomInit;
          const l = r.linearH - r.linearHRandomInit;
          return (
            <g key={r.method} transform={`translate(0, ${i * row})`}>
              <text x={left - 6} y={15} fontSize={12} textAnchor="end" fill="#333">
                {r.label}
              </text>
              <rect x={left} y={3} width={x(k) - left} height={9} fill="#4e79a7" />
              <text x={x(k) + 4} y={11} fontSize={10} fill="#4e79a7">
                {gain(r.knn, r.knnRandomInit)}
              </text>
              <rect x={left} y={13} width={x(l) - left} height={9} fill="#f28e2b" />
              <text x={x(l) + 4} y={21} fontSize={10} fill="#f28e2b">
                {gain(r.linearH, r.linearHRandomInit)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        Points gained over the same encoder untrained, after 300 steps: held-out kNN (blue) and a linear probe on h (orange). Measured, not live (runs/compare/*.json).
      </figcaption>
    </figure>
  );
}
