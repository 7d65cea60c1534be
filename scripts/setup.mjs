#!/usr/bin/env node
// The README's two commands, on a fresh Debian machine with Node 20.19+ (or 22.12+):
//   npm start  → install what is missing, build, serve the lab and print its URL
//   npm test   → install what is missing (Chromium from apt included), run every test
// Plain Node (no dependencies), because it runs before `npm ci` has.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dispatchStep, e2eStep, nodeIsNewEnough, referenceStep, ROOT as root, run, say, summarise, typecheckStep, unitStep } from './harness.mjs';

const mode = process.argv[2];

// Vite 8 (and its React plugin) need Node ^20.19 or >= 22.12: say so before npm ci fails obscurely.
const NEED = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;
if ((mode === 'serve' || mode === 'test') && !nodeIsNewEnough(process.version)) {
  console.error(`This lab needs Node ${NEED} (Vite 8 does); this is Node ${process.version}. Install a newer Node (for example from NodeSource or nvm) and run the command again.`);
  process.exit(1);
}

function ensureDependencies() {
  const stamp = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs) return;
  say('Installing dependencies (npm ci)…');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) {
    console.error(`npm ci failed. This lab needs Node ${NEED} and npm 11 (run "node --version" and "npm --version").`);
    process.exit(1);
  }
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.LAB_NO_APT !== '1';
  if (canApt) {
    say('Chromium is missing: installing Debian’s chromium with apt (about a minute)…');
    if (run('apt-get', ['update', '-qq']) === 0 && run('apt-get', ['install', '-y', '-qq', 'chromium']) === 0 && existsSync(CHROMIUM)) return;
  }
  console.error(
    [
      '',
      'The browser tests need Chromium at ' + CHROMIUM + ', and it is not there.',
      'Install Debian’s package (the lab never downloads a browser of its own):',
      '    sudo apt-get update && sudo apt-get install -y chromium',
      'or point CHROMIUM_PATH at another Chromium 120+ binary, then run `npm test` again.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

if (mode === 'serve') {
  ensureDependencies();
  say('Building…');
  if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);
  const port = process.env.PORT ?? '4173';
  say(`The lab is at  http://127.0.0.1:${port}/   (first lesson: http://127.0.0.1:${port}/?lesson=simclr&autorun=1)`);
  say('Press Ctrl+C to stop.');
  process.exit(run('npx', ['vite', 'preview', '--strictPort', '--port', port, '--host', '127.0.0.1']));
} else if (mode === 'test') {
  ensureDependencies();
  ensureChromium();
  const out = join(root, 'test-results');
  mkdirSync(out, { recursive: true });
  const steps = [];
  say('1/5 Type check');
  steps.push(['typecheck', typecheckStep()]);
  say('2/5 Unit tests (Vitest, engine on the wasm backend in Node; the harness self-test among them)');
  steps.push(['unit', unitStep(out)]);
  say('3/5 Reference vectors (npm run check-reference)');
  const refDir = existsSync(join(root, '..', 'shared', 'reference')) ? join(root, '..', 'shared', 'reference') : join(root, 'src', 'engine', '__fixtures__');
  steps.push(['reference', referenceStep(refDir)]);
  say('4/5 WebGPU meter (npm run dispatch -- --method simclr --json, Dawn null backend: must run; its figures are reported)');
  const dispatch = dispatchStep();
  if (dispatch.row) say(`SimCLR step on WebGPU: ${dispatch.row.dispatches} dispatches, ${dispatch.row.computePasses} compute passes, ${dispatch.row.buffersCreated} buffers created, ${dispatch.row.readbacks} readbacks, host ${dispatch.row.hostMs} ms`);
  steps.push(['dispatch', dispatch]);
  say('5/5 End-to-end tests (Playwright, headless Chromium)');
  steps.push(['e2e', e2eStep(out)]);
  const total = summarise(steps, say);
  process.exit(total.failed ? 1 : 0);
} else {
  console.error('usage: node scripts/setup.mjs serve|test');
  process.exit(2);
}
