// Predict, then run: a lesson asks one question before its main experiment, keeps the student's
// answer in this browser only, and once the runs reach the lesson's point shows that answer beside
// what happened (the lesson's words, with live numbers, as children). It never holds training back:
// the question can be skipped, answered late, or ignored.
import { useId, useState, type ReactNode } from 'react';
import { useLab } from '../../store/lab';

const KEY = (id: string) => `lab:predict:${id}`;
const SKIP = '-';

function recall(id: string): string | null {
  try {
    return localStorage.getItem(KEY(id));
  } catch {
    return null; // storage refused (private mode): the question just asks again next time
  }
}
function keep(id: string, value: string | null) {
  try {
    if (value === null) localStorage.removeItem(KEY(id));
    else localStorage.setItem(KEY(id), value);
  } catch {
    /* as above */
  }
}

export function Predict({ id, question, choices, answer, at, children }: { id: string; question: string; choices: Record<string, string>; answer?: string; at: number; children: ReactNode }) {
  const [saved, setSaved] = useState(() => recall(id));
  const [picked, setPicked] = useState<string | null>(null);
  // (a boolean: the question re-renders once, when the runs reach the point, not on every step)
  const revealed = useLab((s) => s.step >= at);
  const name = useId();
  const save = (v: string | null) => {
    keep(id, v);
    setSaved(v);
  };
  if (saved === SKIP)
    return (
      <aside className="predict skipped" data-predict={id} data-state="skipped">
        Prediction skipped.{' '}
        <button className="link" onClick={() => save(null)}>
          Answer it
        </button>
      </aside>
    );
  if (saved === null || !(saved in choices))
    return (
      <aside className="predict" data-predict={id} data-state="asking">
        <fieldset>
          <legend>Before you train: {question}</legend>
          {Object.entries(choices).map(([k, text]) => (
            <label key={k} className="predict-choice">
              <input type="radio" name={name} value={k} checked={picked === k} onChange={() => setPicked(k)} /> {text}
            </label>
          ))}
        </fieldset>
        <div className="predict-actions">
          <button className="btn primary" disabled={picked === null} onClick={() => picked && save(picked)}>
            Keep my prediction
          </button>
          <button className="btn" onClick={() => save(SKIP)}>
            Skip
          </button>
        </div>
      </aside>
    );
  const right = answer === undefined ? null : saved === answer;
  return (
    <aside className="predict" data-predict={id} data-state={revealed ? 'revealed' : 'waiting'} data-answer={saved}>
      <p>
        <strong>Your prediction:</strong> {choices[saved]}{' '}
        {!revealed && (
          <>
            <span className="muted">(the runs show what happens by step {at})</span>{' '}
            <button className="link" onClick={() => save(null)}>
              change
            </button>
          </>
        )}
      </p>
      {/* announced once, when the runs reach the point; the outcome's numbers then change silently */}
      <p role="status" className="predict-verdict" data-right={revealed && right !== null ? (right ? 'yes' : 'no') : undefined}>
        {revealed && (right === null ? 'The runs have reached the point: here is what happened.' : right ? '✓ As you predicted.' : `✗ Not what you predicted. The lesson's answer: ${choices[answer!]}`)}
      </p>
      {revealed && (
        <div className="predict-outcome">
          <strong>What happened:</strong> {children}
        </div>
      )}
    </aside>
  );
}
