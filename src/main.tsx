import 'katex/dist/katex.min.css';
import './ui/styles.css';
import { createRoot } from 'react-dom/client';
import { LESSONS } from '../lessons';
import { App } from './app/App';
import { parseExperiment } from './config/url';
import { initExperiment, syncUrl } from './store/lab';

const { experiment, notices } = parseExperiment(window.location.search, LESSONS);
initExperiment(experiment, LESSONS, notices);
// the address bar shows the canonical experiment (clamped values included), minus autorun
if (experiment.lesson || new URLSearchParams(window.location.search).has('method')) syncUrl();

createRoot(document.getElementById('root')!).render(<App />);
