// One run's panel among several on one clock: its colour, its title, the figures a lesson puts in it
// (pinned to this run), and a click that makes it the run the page's large figures show.
import type { ReactNode } from 'react';
import { setFocus, useLab } from '../../store/lab';
import { RUN_COLORS } from '../format';
import { RunScope } from './run';

/** `settings`: what makes this run differ from the page (a compared run's own values), in a line under its title. */
export function RunPanel({ run, index, title, settings, children }: { run: string; index: number; title?: string; settings?: string; children: ReactNode }) {
  const focused = useLab((s) => s.focus === run);
  const color = RUN_COLORS[index % RUN_COLORS.length];
  return (
    <section
      className={focused ? 'run-panel focus' : 'run-panel'}
      data-run={run}
      style={{ borderColor: color }}
      onClick={() => setFocus(run)}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && e.target === e.currentTarget && (e.preventDefault(), setFocus(run))}
      tabIndex={0}
      aria-pressed={focused}
      aria-label={`Run ${title ?? run}`}
    >
      <h4 style={{ color }}>{title ?? run}</h4>
      {settings && <p className="run-settings">{settings}</p>}
      <RunScope run={run}>{children}</RunScope>
    </section>
  );
}
