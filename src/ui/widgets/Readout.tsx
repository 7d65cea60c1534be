import type { ReactNode } from 'react';

/** One live number: a label and a text value tests and screen readers can read (data-metric). */
export function Readout({ metric, label, value, hint, children }: { metric: string; label: string; value: string; hint?: string; children?: ReactNode }) {
  return (
    <div className="readout" title={hint}>
      <div className="readout-label">{label}</div>
      <div className="readout-value" data-metric={metric} aria-live="off">
        {value}
      </div>
      {children}
    </div>
  );
}
