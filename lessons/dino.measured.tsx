// What `npm run experiment -- --lesson dino --variant <id> --attention 50` measured for the DINO
// lesson (runs/dino/<id>.json: the page's own settings, 300 steps, seed 1), and the settings tried
// on the way to them (runs/dino/attention-search.json). The rows are lessons/measured/dino.json, made
// by `npm run tables` from those files; lessons/dino.measured.test.ts checks the lesson's claims.
import generated from './measured/dino.json';
import search from '../runs/dino/attention-search.json';
import { fmt } from '../src/ui/format';

export interface DinoRow {
  file: string;
  variant: string;
  label: string;
  /** mean teacher entropy (nats) over steps 1–10, 81–100 and 281–300 */
  entropy: [number, number, number];
  /** mean KL(teacher ‖ student) over the same steps */
  kl: [number, number, number];
  /** best head's attention Jaccard on 500 held-out images at steps 0, 50 and 300 */
  jaccard: [number, number, number];
  knn: number;
  knnRandomInit: number;
  /** RankMe of z (the head's bottleneck) on 1,000 held-out images at the end */
  rankme: number;
}

/** log K for the lesson's K = 256 prototypes */
export const LOG_K = Math.log(256);
/** the best centred disc's Jaccard on the same 500 held-out images */
export const DISC_PRIOR = generated.data.discPrior;

export const DINO_MEASURED = generated.data.rows as DinoRow[];

export function DinoCollapseTable() {
  return (
    <table tabIndex={0} className="measured" data-measured="dino">
      <caption>Every run of the lesson, 300 steps. log K = {LOG_K.toFixed(2)}; the centred disc scores {DISC_PRIOR.toFixed(3)} on the same images.</caption>
      <thead>
        <tr>
          <th>run</th>
          <th>teacher entropy, steps 1–10 → 81–100 → 281–300</th>
          <th>KL, steps 281–300</th>
          <th>RankMe of z</th>
          <th>attention Jaccard, step 0 → 50 → 300</th>
          <th>kNN gain</th>
        </tr>
      </thead>
      <tbody>
        {DINO_MEASURED.map((r) => (
          <tr key={r.file}>
            <td>{r.label}</td>
            <td>{r.entropy.map((v) => v.toFixed(2)).join(' → ')}</td>
            <td>{r.kl[2].toFixed(3)}</td>
            <td>{r.rankme.toFixed(1)}</td>
            <td>{r.jaccard.map((v) => v.toFixed(3)).join(' → ')}</td>
            <td>{(r.knn - r.knnRandomInit >= 0 ? '+' : '') + ((r.knn - r.knnRandomInit) * 100).toFixed(1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface SearchRun {
  id: string;
  setting: string;
  command: string;
  steps?: number;
  discPrior?: number;
  points?: { step: number; jaccard: number[] }[];
  knn?: number;
  knnRandomInit?: number;
  error?: string;
}
export const SEARCH: SearchRun[] = (search as { runs: SearchRun[] }).runs;
const bestHead = (p?: { jaccard: number[] }) => (p ? Math.max(...p.jaccard) : undefined);

/** Every setting tried in the search for attention that beats both baselines, as measured. */
export function AttentionSearchTable() {
  return (
    <table tabIndex={0} className="measured" data-measured="attention-search">
      <caption>
        The settings tried on the way (runs/dino/attention-search.json, with the command of each). Attention Jaccard of the best head on 500 held-out images.
      </caption>
      <thead>
        <tr>
          <th>setting</th>
          <th>steps</th>
          <th>centred disc</th>
          <th>untrained</th>
          <th>trained</th>
          <th>beats both?</th>
        </tr>
      </thead>
      <tbody>
        {SEARCH.map((r) => {
          const init = bestHead(r.points?.[0]);
          const last = bestHead(r.points?.[r.points.length - 1]);
          const beats = r.points && last! > init! && last! > r.discPrior!;
          return (
            <tr key={r.id} title={r.command}>
              <td>{r.setting}</td>
              <td>{r.steps ?? '—'}</td>
              <td>{fmt.fixed(r.discPrior, 3)}</td>
              <td>{fmt.fixed(init, 3)}</td>
              <td>{r.error ? 'crashed (fixed since)' : fmt.fixed(last, 3)}</td>
              <td>{r.error ? '—' : beats ? 'yes' : 'no'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
