import { useState } from 'react';
import { pytorchSnippet } from '../../config/pytorch';
import { focusedRun, shareLink, useLab } from '../../store/lab';
import { fileName, saveFile } from '../export/download';
import { browserRunFile, runSettings } from '../export/runfile';

/** The focused run as a run file (JSON, as `npm run experiment --out` writes), and its settings as PyTorch. */
export function ExportRun() {
  const [code, setCode] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const json = () => {
    const s = useLab.getState();
    const label = focusedRun(s).label;
    const file = browserRunFile(s, label, shareLink());
    saveFile(fileName(`${s.experiment.lesson ?? s.experiment.method}-${label}-step-${file.steps}`, 'json'), JSON.stringify(file, null, 1), 'application/json');
  };
  const torch = async () => {
    const s = useLab.getState();
    // the focused run's own settings, as Run as JSON writes them (a sweep's value, a variant's method)
    const { method, config } = runSettings(s, focusedRun(s).label);
    const text = pytorchSnippet(method, config, { step: s.step, lesson: s.experiment.lesson });
    setCode(text);
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section className="export-run" aria-label="Export this run">
      <div className="export-buttons">
        <button className="btn" onClick={json} data-action="json" title="The run's settings, every step's record and its evaluations, in the format of npm run experiment --out">
          ⤓ Run as JSON
        </button>
        <button className="btn" onClick={torch} data-action="pytorch" title="The run's hyperparameters as a short PyTorch file, with the paper defaults it departs from marked">
          Copy as PyTorch
        </button>
      </div>
      {code && (
        <details open>
          <summary role="status">{copied ? 'Copied. The PyTorch settings:' : 'The PyTorch settings (select to copy):'}</summary>
          <pre className="pytorch" data-pytorch tabIndex={0}>
            {code}
          </pre>
        </details>
      )}
    </section>
  );
}
