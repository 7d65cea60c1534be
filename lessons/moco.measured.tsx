// What `npm run experiment -- --method <moco|simclr> --set batchSize=32 [--set keyMomentum=0] --memory`
// measured (runs/memory/*.json: 300 steps, seed 1, each method's preset otherwise).
// The rows are lessons/measured/moco.json, made by `npm run tables` from those files.
import generated from './measured/moco.json';
import { fmt } from '../src/ui/format';

export interface MemoryRow {
  file: string;
  label: string;
  knn: number;
  knnRandomInit: number;
  stepMs: number;
  modelBytes: number;
  stateBytes: number;
  stepPeakBytes: number;
  rankme: number;
}

export const MEMORY_MEASURED = generated.data as MemoryRow[];

const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;

export function MemoryTable() {
  return (
    <table tabIndex={0} className="measured" data-measured="memory">
      <thead>
        <tr>
          <th>run (batch 32, 300 steps)</th>
          <th>weights</th>
          <th>queue</th>
          <th>step peak</th>
          <th>ms / step</th>
          <th>kNN (untrained 76.3%)</th>
          <th>RankMe of z</th>
        </tr>
      </thead>
      <tbody>
        {MEMORY_MEASURED.map((r) => (
          <tr key={r.file}>
            <td>{r.label}</td>
            <td>{mb(r.modelBytes)}</td>
            <td>{r.stateBytes ? mb(r.stateBytes) : '—'}</td>
            <td>{(r.stepPeakBytes / 1e6).toFixed(1)} MB</td>
            <td>{fmt.int(r.stepMs)}</td>
            <td>{fmt.pct(r.knn)}</td>
            <td>{r.rankme.toFixed(1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
