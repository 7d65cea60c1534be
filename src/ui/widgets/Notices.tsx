import { dismissNotice, useLab } from '../../store/lab';
import { restartLab } from '../../bridge/client';

/** Clamped URL values, settings that reset the model, … — said out loud, never silently. */
export function Notices() {
  const notices = useLab((s) => s.notices);
  if (!notices.length) return null;
  return (
    <div className="notices" role="status">
      {notices.map((n) => (
        <div key={n.id} className="notice" data-notice={n.param}>
          <span>{n.message}</span>
          <button className="link" onClick={() => dismissNotice(n.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}

export function ErrorBanner() {
  const error = useLab((s) => s.error);
  if (!error) return null;
  const title = error.kind === 'nan' ? `Training paused: the loss${error.run ? ` of run ${error.run}` : ''} is not a number at step ${error.step}.` : error.kind === 'backend' ? 'The compute backend could not start.' : 'The training worker crashed.';
  return (
    <div className="error-banner" role="alert" data-error={error.kind}>
      <strong>{title}</strong>
      {error.hint && <p>{error.hint}</p>}
      {error.kind !== 'nan' && (
        <>
          <details>
            <summary>Details</summary>
            <pre>{error.message}</pre>
          </details>
          <p>The charts so far are kept. Restarting starts a fresh worker with the same settings.</p>
          <button className="btn primary" onClick={restartLab} data-action="restart">
            Restart the worker
          </button>
        </>
      )}
    </div>
  );
}
