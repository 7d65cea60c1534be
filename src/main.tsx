import 'katex/dist/katex.min.css';
import './ui/styles.css';
import { createRoot } from 'react-dom/client';
import { LESSONS } from '../lessons';
import { App } from './app/App';
import { parseExperiment } from './config/url';
import { initExperiment, syncUrl, useLab } from './store/lab';
import { crashForTest, prewarm } from './bridge/client';
import { isolate } from './app/isolate';

// isolated before anything starts (the address bar still has autorun), or the page loads again
// under the isolating service worker and nothing here runs
if ((await isolate()) === 'reloading') await new Promise(() => {});

const { experiment, notices } = parseExperiment(window.location.search, LESSONS);
initExperiment(experiment, LESSONS, notices);
// a page that trains: the worker loads tfjs while React renders and the lesson's chunk arrives
if (experiment.lesson || new URLSearchParams(window.location.search).has('method')) {
  prewarm();
  await new Promise((r) => setTimeout(r, 0)); // (Chromium starts the worker's fetch in a task of this thread)
}
// the address bar shows the canonical experiment (clamped values included), minus autorun
if (experiment.lesson || new URLSearchParams(window.location.search).has('method')) syncUrl();

// for tests, instructors and the curious: the store (read-only use) and a simulated crash
(window as unknown as { __lab: unknown }).__lab = { store: useLab, crash: crashForTest };

createRoot(document.getElementById('root')!).render(<App />);
