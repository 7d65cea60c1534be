import { useState } from 'react';
import { describeChanges } from '../../config/changelog';
import { shareLink, useLab } from '../../store/lab';

/**
 * The run's live changes (“2 changes: Temperature τ 0.1 → 0.5 at step 120 …”) and Share: a link
 * that retrains this run from its starting settings and applies each change at its step.
 */
export function ShareRun() {
  const changes = useLab((s) => s.changes);
  const start = useLab((s) => s.runStart);
  const script = useLab((s) => s.experiment.log?.length ?? 0);
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const lines = start ? describeChanges(start, changes) : [];
  const share = async () => {
    const url = shareLink();
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      setCopied('no'); // (no clipboard here: the link is shown to copy by hand)
    }
  };
  return (
    <section className="share-run" aria-label="This run's changes and its link">
      <p className="change-count" data-changes={changes.length}>
        {script > 0 && changes.length < script ? `Replaying a shared run: ${changes.length} of its ${script} changes so far. ` : ''}
        {changes.length === 0 ? 'No live changes yet.' : `${changes.length} live ${changes.length === 1 ? 'change' : 'changes'}:`}
      </p>
      {lines.length > 0 && (
        <ol className="change-log">
          {lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ol>
      )}
      <button className="btn" onClick={share} data-action="share" title="Copy a link that retrains this run and applies each change at its step">
        Share this run
      </button>
      {link && (
        <p className="share-link">
          <span role="status">{copied === 'yes' ? 'Link copied.' : 'Copy this link:'}</span>{' '}
          <input readOnly value={link} aria-label="Link to this run" data-share-url onFocus={(e) => e.currentTarget.select()} />
        </p>
      )}
    </section>
  );
}
