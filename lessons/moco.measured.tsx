// What `npm run experiment -- --method <moco|simclr> --set batchSize=32 [--set keyMomentum=0] --memory`
// measured (runs/memory/*.json: 300 steps, seed 1, each method's preset otherwise).
// lessons/moco.measured.test.ts checks every number here against those files.
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

export const MEMORY_MEASURED: MemoryRow[] = [
  { file: 'runs/memory/moco-b32.json', label: 'MoCo v2, queue of 4,096', knn: 0.8045, knnRandomInit: 0.763, stepMs: 111, modelBytes: 1010176, stateBytes: 2097152, stepPeakBytes: 64924152, rankme: 3.76 },
  { file: 'runs/memory/simclr-b32.json', label: 'SimCLR, 62 negatives in the batch', knn: 0.851, knnRandomInit: 0.763, stepMs: 105, modelBytes: 505088, stateBytes: 0, stepPeakBytes: 70686844, rankme: 15.2 },
  { file: 'runs/memory/moco-b32-m0.json', label: 'MoCo with m = 0', knn: 0.67, knnRandomInit: 0.763, stepMs: 116.7, modelBytes: 1010176, stateBytes: 2097152, stepPeakBytes: 64924152, rankme: 1.01 },
];

const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;

export function MemoryTable() {
  return (
    <table className="measured" data-measured="memory">
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
