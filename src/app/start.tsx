// The app, loaded by main.tsx once the training worker is on its way.
import 'katex/dist/katex.min.css';
import '../ui/styles.css';
import { createRoot } from 'react-dom/client';
import { LESSONS } from '../../lessons';
import { App, preloadPage } from './App';
import { parseExperiment } from '../config/url';
import { initExperiment, syncUrl, useLab } from '../store/lab';
import { crashForTest, ensureLab } from '../bridge/client';

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
