// What `npm run experiment` measured for the temperature lesson (files in runs/tau/, one per run),
// as `npm run tables` writes it to lessons/measured/temperature.json.
import generated from './measured/temperature.json';
import { fmt } from '../src/ui/format';

export interface MeasuredRow {
  file: string;
  /** tau: τ at batch 128; batch: N at τ 0.1; tau32: τ at the sweep preset's batch 32; long: 2000 steps at batch 32; d128: τ at batch 128 with z of 128 */
  sweep: 'tau' | 'batch' | 'tau32' | 'long' | 'd128';
  steps: number;
  temperature: number;
  batchSize: number;
  knn: number;
  knnRandomInit: number;
  alignment: number;
  uniformity: number;
}

export const MEASURED = generated.data as MeasuredRow[];

function Table({ rows, by, caption }: { rows: MeasuredRow[]; by: 'temperature' | 'batchSize' | 'steps'; caption: string }) {
  return (
    <figure>
      <figcaption>{caption}</figcaption>
      <table tabIndex={0} className="measured" data-measured={by}>
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

/** The same τ sweep with z of 128 (the default preset): alignment and uniformity of the 128-d z. */
export function Measured128() {
  const rows = MEASURED.filter((r) => r.sweep === 'd128').sort(byTau);
  return <Table rows={rows} by="temperature" caption="Temperature τ, batch 128, z of 128, 300 steps" />;
}
