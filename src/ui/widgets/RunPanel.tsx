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
    // a click anywhere on the panel focuses its run; from the keyboard, its title is the button
    <section className={focused ? 'run-panel focus' : 'run-panel'} data-run={run} style={{ borderColor: color }} onClick={() => setFocus(run)} aria-label={`Run ${title ?? run}`}>
      <h3 className="run-title">
        <button
          type="button"
          className="run-focus"
          aria-pressed={focused}
          title={focused ? 'The page’s large figures show this run' : 'Show this run in the page’s large figures'}
          onClick={(e) => {
            e.stopPropagation();
            setFocus(run);
          }}
        >
          <i className="swatch" style={{ background: color }} aria-hidden="true" />
          {title ?? run}
        </button>
      </h3>
      {settings && <p className="run-settings">{settings}</p>}
      <RunScope run={run}>{children}</RunScope>
    </section>
  );
}
