// What `npm run experiment -- --method simclr --probes` measured (runs/probes/simclr-mnist.json:
// the default preset, 300 steps, seed 1), as `npm run tables` writes it to
// lessons/measured/projection-head.json; lessons/projection-head.measured.test.ts checks the lesson's sentences.
import generated from './measured/projection-head.json';
import { fmt } from '../src/ui/format';

export interface ProbePoint {
  linearH: number;
  linearZ: number;
  knnH: number;
  knnZ: number;
  rotationH: number;
  rotationZ: number;
}
export const PROBE_FILE = generated.data.file;
export const PROBES_MEASURED = generated.data as { initial: ProbePoint; final: ProbePoint };

const ROWS: { label: string; h: keyof ProbePoint; z: keyof ProbePoint }[] = [
  { label: 'class, linear probe', h: 'linearH', z: 'linearZ' },
  { label: 'class, kNN', h: 'knnH', z: 'knnZ' },
  { label: 'quarter turn, linear probe (chance 25%)', h: 'rotationH', z: 'rotationZ' },
];

export function ProbeTable() {
  const { initial: a, final: b } = PROBES_MEASURED;
  const pts = (v: number) => (v >= 0 ? '+' : '') + (v * 100).toFixed(1);
  return (
    <table tabIndex={0} className="measured" data-measured="probes">
      <thead>
        <tr>
          <th>held-out accuracy</th>
          <th>h, untrained → step 300</th>
          <th>z, untrained → step 300</th>
          <th>h − z, untrained → step 300</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.label}>
            <td>{r.label}</td>
            <td>
              {fmt.pct(a[r.h])} → {fmt.pct(b[r.h])}
            </td>
            <td>
              {fmt.pct(a[r.z])} → {fmt.pct(b[r.z])}
            </td>
            <td>
              {pts(a[r.h] - a[r.z])} → {pts(b[r.h] - b[r.z])}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
