// What `npm run experiment` measured for the temperature lesson (files in runs/tau/, one per run;
// lessons/temperature.measured.test.ts checks every number here against them).
import { fmt } from '../src/ui/format';

export interface MeasuredRow {
  file: string;
  /** tau: τ at batch 128; batch: N at τ 0.1; tau32: τ at the sweep preset's batch 32; long: 2000 steps at batch 32 */
  sweep: 'tau' | 'batch' | 'tau32' | 'long';
  steps: number;
  temperature: number;
  batchSize: number;
  knn: number;
  knnRandomInit: number;
  alignment: number;
  uniformity: number;
}

export const MEASURED: MeasuredRow[] = [
  { file: 'runs/tau/simclr-d2-tau0.05.json', sweep: 'tau', steps: 300, temperature: 0.05, batchSize: 128, knn: 0.8525, knnRandomInit: 0.7630, alignment: 0.0426, uniformity: -0.3788 },
  { file: 'runs/tau/simclr-d2-tau0.1.json', sweep: 'tau', steps: 300, temperature: 0.1, batchSize: 128, knn: 0.8450, knnRandomInit: 0.7630, alignment: 0.0783, uniformity: -0.5471 },
  { file: 'runs/tau/simclr-d2-tau0.2.json', sweep: 'tau', steps: 300, temperature: 0.2, batchSize: 128, knn: 0.8450, knnRandomInit: 0.7630, alignment: 0.1585, uniformity: -0.7892 },
  { file: 'runs/tau/simclr-d2-tau0.5.json', sweep: 'tau', steps: 300, temperature: 0.5, batchSize: 128, knn: 0.8500, knnRandomInit: 0.7630, alignment: 0.3349, uniformity: -1.0531 },
  { file: 'runs/tau/simclr-d2-tau1.json', sweep: 'tau', steps: 300, temperature: 1, batchSize: 128, knn: 0.8070, knnRandomInit: 0.7630, alignment: 0.4958, uniformity: -1.1373 },
  { file: 'runs/tau/simclr-d2-batch32.json', sweep: 'batch', steps: 300, temperature: 0.1, batchSize: 32, knn: 0.8260, knnRandomInit: 0.7630, alignment: 0.0877, uniformity: -0.4916 },
  { file: 'runs/tau/simclr-d2-batch256.json', sweep: 'batch', steps: 300, temperature: 0.1, batchSize: 256, knn: 0.8535, knnRandomInit: 0.7630, alignment: 0.0832, uniformity: -0.6125 },
  { file: 'runs/tau/simclr-d2-b32-tau0.05.json', sweep: 'tau32', steps: 300, temperature: 0.05, batchSize: 32, knn: 0.8355, knnRandomInit: 0.7630, alignment: 0.0443, uniformity: -0.3321 },
  { file: 'runs/tau/simclr-d2-b32-tau0.1.json', sweep: 'tau32', steps: 300, temperature: 0.1, batchSize: 32, knn: 0.8260, knnRandomInit: 0.7630, alignment: 0.0877, uniformity: -0.4916 },
  { file: 'runs/tau/simclr-d2-b32-tau0.2.json', sweep: 'tau32', steps: 300, temperature: 0.2, batchSize: 32, knn: 0.8270, knnRandomInit: 0.7630, alignment: 0.1651, uniformity: -0.6944 },
  { file: 'runs/tau/simclr-d2-b32-tau0.5.json', sweep: 'tau32', steps: 300, temperature: 0.5, batchSize: 32, knn: 0.7960, knnRandomInit: 0.7630, alignment: 0.3184, uniformity: -0.8148 },
  { file: 'runs/tau/simclr-d2-b32-tau1.json', sweep: 'tau32', steps: 300, temperature: 1, batchSize: 32, knn: 0.7850, knnRandomInit: 0.7630, alignment: 0.4312, uniformity: -0.7449 },
  { file: 'runs/tau/simclr-d2-b32-tau0.05-2000.json', sweep: 'long', steps: 2000, temperature: 0.05, batchSize: 32, knn: 0.9000, knnRandomInit: 0.7630, alignment: 0.0458, uniformity: -0.4836 },
  { file: 'runs/tau/simclr-d2-b32-tau0.2-2000.json', sweep: 'long', steps: 2000, temperature: 0.2, batchSize: 32, knn: 0.9120, knnRandomInit: 0.7630, alignment: 0.1920, uniformity: -1.0257 },
  { file: 'runs/tau/simclr-d2-b32-tau1-2000.json', sweep: 'long', steps: 2000, temperature: 1, batchSize: 32, knn: 0.8965, knnRandomInit: 0.7630, alignment: 0.3752, uniformity: -1.3718 },
];

function Table({ rows, by, caption }: { rows: MeasuredRow[]; by: 'temperature' | 'batchSize' | 'steps'; caption: string }) {
  return (
    <figure>
      <figcaption>{caption}</figcaption>
      <table className="measured" data-measured={by}>
        <thead>
          <tr>
            <th>{by === 'temperature' ? 'τ' : by === 'batchSize' ? 'batch N' : 'τ, steps'}</th>
            <th>uniformity</th>
            <th>alignment</th>
            <th>kNN on h</th>
            <th>gain</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.file}>
              <td>{by === 'steps' ? `${r.temperature}, ${r.steps}` : r[by]}</td>
              <td>{fmt.fixed(r.uniformity, 3)}</td>
              <td>{fmt.fixed(r.alignment, 3)}</td>
              <td>{fmt.pct(r.knn)}</td>
              <td>{(r.knn - r.knnRandomInit >= 0 ? '+' : '') + ((r.knn - r.knnRandomInit) * 100).toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const byTau = (a: MeasuredRow, b: MeasuredRow) => a.temperature - b.temperature || a.steps - b.steps;

/** The default preset's τ sweep and batch sweep (300 steps). */
export function MeasuredTable() {
  const tau = MEASURED.filter((r) => r.sweep === 'tau').sort(byTau);
  const batch = [...MEASURED.filter((r) => r.sweep === 'batch'), ...tau.filter((r) => r.temperature === 0.1)].sort((a, b) => a.batchSize - b.batchSize);
  return (
    <div className="two-col">
      <Table rows={tau} by="temperature" caption="Temperature τ, batch 128, 300 steps" />
      <Table rows={batch} by="batchSize" caption="Batch size N, τ = 0.1, 300 steps" />
    </div>
  );
}

/** The sweep preset's setting (batch 32): 300 steps, and a longer run of three temperatures. */
export function MeasuredLonger() {
  const short = MEASURED.filter((r) => r.sweep === 'tau32').sort(byTau);
  const long = MEASURED.filter((r) => r.sweep === 'long' || (r.sweep === 'tau32' && [0.05, 0.2, 1].includes(r.temperature))).sort(byTau);
  return (
    <div className="two-col">
      <Table rows={short} by="temperature" caption="Temperature τ, batch 32 (the sweep preset), 300 steps" />
      {long.some((r) => r.sweep === 'long') && <Table rows={long} by="steps" caption="Batch 32: 300 steps against 2,000" />}
    </div>
  );
}
