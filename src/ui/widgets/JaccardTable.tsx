// The DINO paper's Figure 4 table at the lab's scale, live: how well the thresholded CLS attention
// of each run covers the objects, against two baselines that learn nothing — the same ViT before
// training (step 0 of the page's seed) and the best disc centred in the image.
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../../store/lab';
import { fmt, RUN_COLORS } from '../format';

const best = (j: number[] | null | undefined) => (j?.length ? Math.max(...j) : undefined);
const mean = (j: number[] | null | undefined) => (j?.length ? j.reduce((a, v) => a + v, 0) / j.length : undefined);

export function JaccardTable() {
  const lesson = useLab((s) => s.lessons.find((l) => l.id === s.experiment.lesson));
  // only the runs' attention reports: the table does not re-render on every step report
  const order = useLab(useShallow((s) => s.runOrder));
  const reports = useLab(useShallow((s) => s.runOrder.map((l) => s.runs[l]?.attention)));
  const inits = useLab(useShallow((s) => s.runOrder.map((l) => s.runs[l]?.jaccardAtInit)));
  const first = reports.find(Boolean);
  const prior = first?.discPrior ?? undefined;
  const init = inits.find(Boolean);
  const title = (label: string) => lesson?.variants?.find((v) => v.id === label)?.label ?? (label === 'main' ? 'this run' : label);
  return (
    <table tabIndex={0} className="measured jaccard-table" data-images={first?.scored ?? 0}>
      <caption>
        Attention Jaccard with the objects’ masks, live, on the first {first?.scored ?? '…'} held-out images (the DINO paper’s Figure 4 on PASCAL VOC12: random 22.0,
        supervised 27.3, DINO 45.9, ViT-S/16, best head).
      </caption>
      <thead>
        <tr>
          <th>what looks</th>
          <th>step</th>
          <th>best head</th>
          <th>mean of heads</th>
        </tr>
      </thead>
      <tbody>
        <tr data-row="prior">
          <td>a centred disc, best radius (no network)</td>
          <td>—</td>
          <td data-value={prior}>{fmt.fixed(prior, 3)}</td>
          <td>—</td>
        </tr>
        <tr data-row="init">
          <td>the same ViT, untrained</td>
          <td>0</td>
          <td data-value={best(init)}>{fmt.fixed(best(init), 3)}</td>
          <td>{fmt.fixed(mean(init), 3)}</td>
        </tr>
        {order.map((label, i) => (
          <tr key={label} data-row={label}>
            <td style={{ fontWeight: 600 }}>
              <i className="swatch" style={{ background: RUN_COLORS[i % RUN_COLORS.length] }} aria-hidden="true" /> {title(label)}
            </td>
            <td>{reports[i]?.step ?? '—'}</td>
            <td data-value={best(reports[i]?.jaccard)}>{fmt.fixed(best(reports[i]?.jaccard), 3)}</td>
            <td>{fmt.fixed(mean(reports[i]?.jaccard), 3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
