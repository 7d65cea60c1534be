// The app, loaded by main.tsx once the training worker is on its way.
import 'katex/dist/katex.min.css';
import '../ui/styles.css';
import { createRoot } from 'react-dom/client';
import { LESSONS } from '../../lessons';
import { App, preloadPage } from './App';
import { parseExperiment } from '../config/url';
import { initExperiment, syncUrl, useLab } from '../store/lab';
import { crashForTest, ensureLab } from '../bridge/client';
import { goOffline } from './offline';

const { experiment, notices } = parseExperiment(window.location.search, LESSONS);
initExperiment(experiment, LESSONS, notices);
preloadPage(experiment.lesson);
// a page that trains: the worker gets its settings now, not once its page's chunk has rendered;
// the address bar shows the canonical experiment (clamped values included), minus autorun
if (experiment.lesson || new URLSearchParams(window.location.search).has('method')) {
  ensureLab();
  syncUrl();
}

// for tests, instructors and the curious: the store (read-only use) and a simulated crash
(window as unknown as { __lab: unknown }).__lab = { store: useLab, crash: crashForTest };

createRoot(document.getElementById('root')!).render(<App />);

// the offline copy is made once the page has started: after a lesson's first step (never before
// it), or a few seconds after the page opened
const training = experiment.autorun && (experiment.lesson || new URLSearchParams(window.location.search).has('method'));
void goOffline(
  new Promise<void>((started) => {
    const stop = useLab.subscribe((s) => s.step >= 1 && done());
    const timer = setTimeout(() => done(), training ? 30_000 : 4_000);
    function done() {
      stop();
      clearTimeout(timer);
      started();
    }
  }),
);
