// A sweep on one screen: buttons that start the lesson's sweeps, one small panel per run (its
// sphere and its numbers, data-run = its label), and the final numbers side by side. Every run
// trains in the same worker under the same play/pause/step clock; clicking a panel shows that run
// in the page's large figures.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConfigPatch } from '../../config/schema';
import type { Sweep } from '../../config/url';
import { useLab } from '../../store/lab';
import { startSweep } from '../../bridge/client';
import { RUN_COLORS } from '../format';
import { useThrottled } from '../throttle';
import { Readouts } from './Readouts';
import { RunPanel } from './RunPanel';
import { BarsLite } from './ShapesLite';
import { SphereView } from './SphereView';

export interface SweepPreset {
  id: string;
  label: string;
  /** null: back to one run */
  sweep: Sweep | null;
  /** base settings for the runs (e.g. a smaller batch so several models fit the clock) */
  patch?: ConfigPatch;
}

const same = (a: Sweep | null, b: Sweep | null) => (a === null || b === null ? a === b : a.param === b.param && a.values.join() === b.values.join());

export function SweepPanel({ presets }: { presets: SweepPreset[] }) {
  const sweep = useLab((s) => s.experiment.sweep);
  const order = useLab((s) => s.runOrder);
  return (
    <section className="sweep" aria-label="Sweep">
      <div className="sweep-presets" role="toolbar" aria-label="Sweep presets">
        {presets.map((p) => (
          <button key={p.id} className={same(p.sweep, sweep) ? 'btn on' : 'btn'} data-preset={p.id} aria-pressed={same(p.sweep, sweep)} onClick={(e) => {
              // hand the keyboard back to the page: Space then means play, not “start this sweep again”
              e.currentTarget.blur();
              startSweep(p.sweep, p.patch);
            }}>
            {p.label}
          </button>
        ))}
      </div>
      {sweep ? (
        <>
          <p className="sweep-note">
            {order.length} models, identical but for <code>{sweep.param}</code>: same images, same seed, same initial weights, one clock (step <StepNow />). Click a panel to show
            that run in the large figures.
          </p>
          <div className="run-grid">
            {order.map((label, i) => (
              <RunPanel key={label} run={label} index={i}>
                <SphereView size={150} compact />
                <Readouts show={['loss', 'alignment', 'uniformity', 'knn']} />
              </RunPanel>
            ))}
          </div>
          <SweepSummary />
        </>
      ) : (
        <p className="sweep-note">One run now. A sweep trains several copies of the model side by side, differing in one setting only.</p>
      )}
    </section>
  );
}

/** The latest evaluation of every run, as three small bar charts. */
export function SweepSummary() {
  const order = useLab(useShallow((s) => s.runOrder));
  // each run's evaluation lands on its own: redrawn once a second, not once per run
  const last = useThrottled(useLab(useShallow((s) => order.map((l) => s.runs[l]?.evals.at(-1)))), 1000);
  const rows = useMemo(
    () =>
      order.map((label, i) => {
        const e = last[i];
        return { label: label.replace(/^.*=/, ''), knn: e ? e.knn * 100 : NaN, uniformity: e?.uniformity ?? NaN, alignment: e?.alignment ?? NaN, step: e?.step };
      }),
    [order, last],
  );
  const param = order[0]?.split('=')[0];
  const chart = (key: 'knn' | 'uniformity' | 'alignment', title: string) => (
    <figure className="chart mini" aria-label={title}>
      <figcaption>{title}</figcaption>
      <BarsLite bars={rows.map((r, i) => ({ key: order[i], name: r.label, color: RUN_COLORS[i % RUN_COLORS.length], value: r[key] }))} height={150} digits={key === 'knn' ? 1 : 3} label={title} />
    </figure>
  );
  return (
    <div className="sweep-summary">
      <p className="sweep-note">
        Latest evaluation of each run (step {rows[0]?.step ?? '—'}), by {param}:
      </p>
      <div className="three-col">
        {chart('uniformity', 'Uniformity (lower: more spread)')}
        {chart('alignment', 'Alignment (lower: views agree)')}
        {chart('knn', 'Held-out kNN on h (%)')}
      </div>
    </div>
  );
}

function StepNow() {
  return <>{useLab((s) => s.step)}</>;
}
