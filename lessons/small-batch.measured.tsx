// What `npm run experiment -- --lesson small-batch --variant <id> --seed <1|2> --probes` measured
// (runs/small-batch/*.json: MNIST, 300 steps, each method's preset at the run's batch size), as
// `npm run tables` writes it to lessons/measured/small-batch.json;
// lessons/small-batch.measured.test.ts checks the runs' settings and the lesson's claims.
import generated from './measured/small-batch.json';
import { fmt } from '../src/ui/format';

export interface SmallBatchRow {
  file: string;
  variant: string;
  label: string;
  method: 'simclr' | 'byol';
  batch: number;
  seed: number;
  knn: number;
  knnRandomInit: number;
  /** linear probe on h, fitted on 8,000 training digits, scored on 2,000 held-out ones */
  linearH: number;
  linearHRandomInit: number;
  stepMs: number;
}

export const SMALL_BATCH_MEASURED = generated.data as SmallBatchRow[];
export const BATCHES = [16, 64, 256];

/** Points gained over the untrained encoder. */
export const gainOf = (r: SmallBatchRow, probe: 'knn' | 'linear') => (probe === 'knn' ? r.knn - r.knnRandomInit : r.linearH - r.linearHRandomInit);
export const rowOf = (method: string, batch: number, seed: number) => SMALL_BATCH_MEASURED.find((r) => r.method === method && r.batch === batch && r.seed === seed)!;
const pts = (v: number) => (v >= 0 ? '+' : '') + (v * 100).toFixed(1);
const both = (method: string, batch: number, probe: 'knn' | 'linear') => [1, 2].map((s) => pts(gainOf(rowOf(method, batch, s), probe))).join(' / ');

export function SmallBatchTable() {
  return (
    <table tabIndex={0} className="measured" data-measured="small-batch">
      <caption>Points gained over the same encoder untrained after 300 steps, seed 1 / seed 2. kNN and a linear probe on h, 2,000 held-out digits. Step times are the median of seed 1's run, measured while the two seeds' runs shared the machine's two CPU cores: compare them with each other, not with other pages.</caption>
      <thead>
        <tr>
          <th>batch</th>
          <th>SimCLR, kNN</th>
          <th>BYOL, kNN</th>
          <th>SimCLR, linear probe</th>
          <th>BYOL, linear probe</th>
          <th>ms / step, SimCLR / BYOL</th>
        </tr>
      </thead>
      <tbody>
        {BATCHES.map((b) => (
          <tr key={b} data-batch={b}>
            <td>{b}</td>
            <td>{both('simclr', b, 'knn')}</td>
            <td>{both('byol', b, 'knn')}</td>
            <td>{both('simclr', b, 'linear')}</td>
            <td>{both('byol', b, 'linear')}</td>
            <td>
              {fmt.int(rowOf('simclr', b, 1).stepMs)} / {fmt.int(rowOf('byol', b, 1).stepMs)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
