// Keyboard control of the lab, for instructors at a projector: the same actions as the buttons.
// Keys typed into a form field, or handled by a focused figure (the sphere, the matrix), are left alone.
import { useEffect, useState } from 'react';
import { SCHEMA } from '../config/schema';
import { addNotice, setPresent, useLab } from '../store/lab';
import { pause, play, reset, setParam, stepOnce } from '../bridge/client';

/** ↑/↓ move τ along this ladder: the values a temperature demo compares. */
export const TAU_LADDER = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2];

export function nextOnLadder(v: number, dir: 1 | -1): number {
  if (dir > 0) return TAU_LADDER.find((t) => t > v * 1.0001) ?? TAU_LADDER[TAU_LADDER.length - 1];
  return [...TAU_LADDER].reverse().find((t) => t < v / 1.0001) ?? TAU_LADDER[0];
}

export const SHORTCUTS: [string, string][] = [
  ['Space', 'train / pause'],
  ['→', 'one step'],
  ['R', 'reset: new model(s) from step 0'],
  ['↑ / ↓', 'temperature τ up / down (0.01 · 0.02 · 0.05 · 0.1 · 0.2 · 0.5 · 1 · 2)'],
  ['P', 'presenter mode on / off'],
  ['?', 'show / hide this list'],
];

function changeTemperature(dir: 1 | -1) {
  const { experiment } = useLab.getState();
  const p = SCHEMA.temperature;
  if (p.methods && !p.methods.includes(experiment.method)) return;
  if (experiment.sweep?.param === 'temperature') {
    addNotice({ param: 'temperature', message: 'Each run of this sweep has its own τ; ↑/↓ changes τ of a single run.' });
    return;
  }
  setParam('temperature', nextOnLadder(experiment.config.temperature, dir));
}

/** Installs the shortcuts on the page; returns whether the list is showing. */
export function useShortcuts(): [boolean, (v: boolean) => void] {
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      const tag = t?.tagName;
      if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || t?.isContentEditable) return;
      // Space and Enter on a focused button press that button; don't press play as well
      if (tag === 'BUTTON' && (e.key === ' ' || e.key === 'Enter')) return;
      const { status, experiment } = useLab.getState();
      const busy = status === 'loading';
      switch (e.key) {
        case ' ':
          if (!busy) (status === 'running' ? pause : play)();
          break;
        case 'ArrowRight':
          if (!busy && status !== 'running') stepOnce(1);
          break;
        case 'r':
        case 'R':
          if (!busy) reset();
          break;
        case 'ArrowUp':
          changeTemperature(1);
          break;
        case 'ArrowDown':
          changeTemperature(-1);
          break;
        case 'p':
        case 'P':
          setPresent(!experiment.present);
          break;
        case '?':
          setHelp((h) => !h);
          break;
        case 'Escape':
          setHelp(false);
          return;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return [help, setHelp];
}

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="shortcut-help" role="dialog" aria-modal="false" aria-label="Keyboard shortcuts" data-testid="shortcut-help">
      <h3>Keyboard shortcuts</h3>
      <dl>
        {SHORTCUTS.map(([k, what]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p>
        In the address bar: <code>present=1</code> opens in presenter mode; <code>hide=lr,seed</code> hides those controls.
      </p>
      <button className="btn" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
