import { measureAgain, pause, play, reset, stepOnce } from '../../bridge/client';
import { useLab } from '../../store/lab';

/** Play / pause / one step / reset, the run's status, and the backend badge. */
export function Transport() {
  const status = useLab((s) => s.status);
  const message = useLab((s) => s.statusMessage);
  const progress = useLab((s) => s.statusProgress);
  const running = status === 'running';
  const busy = status === 'loading';
  return (
    <div className="transport" role="toolbar" aria-label="Training controls">
      <button className="btn primary" onClick={running ? pause : play} disabled={busy} data-action={running ? 'pause' : 'play'} aria-label={running ? 'Pause training' : 'Start training'}>
        {running ? '❚❚ Pause' : '▶ Train'}
      </button>
      <button className="btn" onClick={() => stepOnce(1)} disabled={busy || running} data-action="step" aria-label="Train one step">
        +1 step
      </button>
      <button className="btn" onClick={reset} disabled={busy} data-action="reset" aria-label="New model from step 0">
        ↺ Reset
      </button>
      <span className={`status status-${status}`}>
        <span className="dot" /> <span data-metric="status">{status}</span>
        {/* the step beside the buttons: where the transport is a bar of its own, the readouts are far below */}
        <TransportStep />
      </span>
      {/* read out as it changes: what the worker is doing while it prepares, and how far it is */}
      <span className="status-message" role="status" aria-live="polite" data-stage={busy ? 'loading' : status}>
        {message && status !== 'running' ? message : ''}
        {busy && progress && <progress className="status-progress" value={progress.done} max={progress.total} aria-label={message ?? 'Preparing'} />}
      </span>
      <BackendBadge />
      <button className="link shortcut-hint" onClick={() => window.dispatchEvent(new KeyboardEvent('keydown', { key: '?' }))} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
        ⌨ ?
      </button>
    </div>
  );
}

/** Its own component, so that a new step re-renders this line and not the whole transport. */
function TransportStep() {
  const step = useLab((s) => s.step);
  return <span className="transport-step"> · step {step}</span>;
}

const WHY = { forced: 'forced', remembered: 'remembered', measured: 'fastest here', measuring: 'measuring…' } as const;

/** The backend, its threads, and why auto chose it; "measure again" forgets the choice and starts over. */
export function BackendBadge() {
  const b = useLab((s) => s.backend);
  const auto = useLab((s) => s.experiment.backend === 'auto');
  const recorded = useLab((s) => s.experiment.recorded);
  const rec = useLab((s) => s.recording);
  if (recorded)
    return (
      <span className="badge recorded" title={rec ? `recorded on ${rec.recordedOn}, ${rec.backend} (commit ${rec.commit})` : 'a recorded run'}>
        <span data-metric="backend">recorded</span>
        {rec && <span className="badge-why">{`on ${rec.recordedOn}, ${rec.backend}`}</span>}
      </span>
    );
  if (!b) return <span className="badge muted">starting…</span>;
  return (
    <span className={`badge ${b.name}`} title={`${b.adapter} — ${b.reason}`} data-source={b.source}>
      <span data-metric="backend">{b.name}</span>
      {b.threads !== undefined && <span className="badge-threads">×<span data-metric="threads">{b.threads}</span> {b.threads === 1 ? 'thread' : 'threads'}</span>}
      {b.software && <span className="badge-note">software GPU</span>}
      {b.source && (
        <span className="badge-why" data-metric="backendWhy" aria-label={`why: ${b.reason}`}>
          {WHY[b.source]}
        </span>
      )}
      {auto && (b.source === 'remembered' || b.source === 'measured') && (
        <button className="link badge-again" onClick={measureAgain} aria-label="Measure again" title="Measure again: forget this choice, time the backends afresh and start from fresh models">
          ↻
        </button>
      )}
    </span>
  );
}
