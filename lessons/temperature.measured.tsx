// What `npm run experiment` measured for the temperature lesson (files in runs/tau/, one per run;
// lessons/temperature.measured.test.ts checks every number here against them).
import { fmt } from '../src/ui/format';

export interface MeasuredRow {
  file: string;
  temperature: number;
  batchSize: number;
  knn: number;
  knnRandomInit: number;
  alignment: number;
  uniformity: number;
}

export const MEASURED: MeasuredRow[] = [];

function Table({ rows, by }: { rows: MeasuredRow[]; by: 'temperature' | 'batchSize' }) {
  return (
    <table className="measured" data-measured={by}>
      <thead>
        <tr>
          <th>{by === 'temperature' ? 'τ' : 'batch N'}</th>
          <th>uniformity</th>
          <th>alignment</th>
          <th>kNN on h</th>
          <th>gain</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.file}>
            <td>{r[by]}</td>
            <td>{fmt.fixed(r.uniformity, 3)}</td>
            <td>{fmt.fixed(r.alignment, 3)}</td>
            <td>{fmt.pct(r.knn)}</td>
            <td>{(r.knn - r.knnRandomInit >= 0 ? '+' : '') + ((r.knn - r.knnRandomInit) * 100).toFixed(1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MeasuredTable() {
  const tau = MEASURED.filter((r) => r.batchSize === 128).sort((a, b) => a.temperature - b.temperature);
  const batch = MEASURED.filter((r) => r.temperature === 0.1).sort((a, b) => a.batchSize - b.batchSize);
  return (
    <div className="two-col">
      <figure>
        <figcaption>Temperature, batch 128</figcaption>
        <Table rows={tau} by="temperature" />
      </figure>
      <figure>
        <figcaption>Batch size, τ = 0.1</figcaption>
        <Table rows={batch} by="batchSize" />
      </figure>
    </div>
  );
}
