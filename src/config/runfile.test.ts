import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFileProblems } from './runfile';
import { defaultConfig } from './schema';

const RUNS = join(__dirname, '../../runs');
const experimentFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return experimentFiles(p);
    // (bench and dispatch files are not runs, nor is the DINO attention search's index of its runs)
    return f.endsWith('.json') && !/^(bench|dispatch|attention-search)/.test(f) ? [p] : [];
  });

const good = () => ({
  method: 'simclr',
  config: defaultConfig(),
  backend: 'wasm',
  steps: 2,
  wallMs: 900,
  stepMsMedian: 400,
  history: [
    { step: 1, loss: 4.1, lr: 0.0001, ms: 400 },
    { step: 2, loss: 4.0, lr: 0.0002, ms: 410 },
  ],
  eval: { knn: 0.7, knnRandomInit: 0.66, alignment: 0.5, uniformity: -1.2, std: 0.07, rankme: 20 },
});

describe('the run file (INTERFACES §3)', () => {
  it('every run file `npm run experiment` wrote into runs/ is one', () => {
    const files = experimentFiles(RUNS);
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) expect(runFileProblems(JSON.parse(readFileSync(f, 'utf8'))), f).toEqual([]);
  });

  it('names what is wrong with a file that is not one', () => {
    expect(runFileProblems(good())).toEqual([]);
    expect(runFileProblems([])).toEqual(['not a JSON object']);
    const f = good() as Record<string, any>;
    f.method = 'swav';
    f.config.tau = 0.1;
    f.config.lr = 5;
    f.history[1].step = 1;
    f.eval.knn = 'high';
    delete f.wallMs;
    expect(runFileProblems(f)).toEqual([
      'method "swav" is not one of moco, simclr, byol, simsiam, dino, ibot, dinov2',
      'config: lr=5 must lie in [0.00001, 1]; using 1.',
      'config: Unknown parameter "tau" ignored.',
      'wallMs is not a number',
      'history[1].step is not a step after the one before',
      'eval.knn is not a number (or null: not measured)',
    ]);
  });
});
