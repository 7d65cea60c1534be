// Named runs side by side: the lesson's variants as toggles, and one panel per running variant
// (data-run = its id) with its numbers and its collapse gauges (or the lesson's own figures).
// One clock trains them all.
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SCHEMA, type ConfigPatch, type ParamName } from '../../config/schema';
import { useLab } from '../../store/lab';
import { startCompare } from '../../bridge/client';
import { CollapseGauges } from './CollapseGauges';
import { EmbeddingView } from './EmbeddingView';
import { Readouts } from './Readouts';
import { RunPanel } from './RunPanel';

/** A compared run's own values, as the controls name them ("Centering off · Teacher τ_t 0.1"). */
function ownSettings(patch: ConfigPatch | undefined): string | undefined {
  const parts = Object.entries(patch ?? {}).map(([k, v]) => `${SCHEMA[k as ParamName].label} ${typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v)}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/** `children`, when given, replace the collapse gauges and embedding in every run's panel (each pinned to its run). */
export function ComparePanel({ readouts = ['loss', 'std', 'rankme', 'meanCos', 'knn'], children }: { readouts?: string[]; children?: ReactNode }) {
  const lessonId = useLab((s) => s.experiment.lesson);
  const variants = useLab((s) => s.lessons.find((l) => l.id === lessonId)?.variants) ?? [];
  const compare = useLab(useShallow((s) => s.experiment.compare ?? []));
  const order = useLab(useShallow((s) => s.runOrder));
  const toggle = (id: string) => {
    const next = compare.includes(id) ? compare.filter((x) => x !== id) : variants.filter((v) => v.id === id || compare.includes(v.id)).map((v) => v.id);
    if (next.length) startCompare(next);
  };
  return (
    <section className="compare" aria-label="Runs side by side">
      <div className="compare-chooser" role="group" aria-label="Runs to compare">
        {variants.map((v) => (
          <button
            key={v.id}
            className={compare.includes(v.id) ? 'btn on' : 'btn'}
            aria-pressed={compare.includes(v.id)}
            data-variant={v.id}
            disabled={compare.length === 1 && compare.includes(v.id)}
            onClick={(e) => {
              e.currentTarget.blur();
              toggle(v.id);
            }}
          >
            {compare.includes(v.id) ? '✓ ' : '+ '}
            {v.label}
          </button>
        ))}
      </div>
      <div className="run-grid wide">
        {order.map((label, i) => (
          <RunPanel key={label} run={label} index={i} title={variants.find((v) => v.id === label)?.label} settings={ownSettings(variants.find((v) => v.id === label)?.patch)}>
            <Readouts show={readouts} />
            {children ?? (
              <>
                <CollapseGauges />
                <EmbeddingView size={236} compact />
              </>
            )}
          </RunPanel>
        ))}
      </div>
    </section>
  );
}
