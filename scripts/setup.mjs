#!/usr/bin/env node
// The README's two commands, on a fresh Debian machine with Node 20:
//   npm start  → install what is missing, build, serve the lab and print its URL
//   npm test   → install what is missing (Chromium from apt included), run every test
// Plain Node (no dependencies), because it runs before `npm ci` has.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const mode = process.argv[2];
const say = (s) => console.log(`\x1b[1m[lab]\x1b[0m ${s}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env, ...opts });
  return r.status ?? 1;
}

function ensureDependencies() {
  const stamp = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs) return;
  say('Installing dependencies (npm ci)…');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) {
    console.error('npm ci failed. This lab needs Node 20+ and npm 11 (run `npm --version`).');
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

function countsFrom(file, pick) {
  try {
    return pick(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { passed: 0, failed: 1 };
  }
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
  say('1/4 Type check');
  steps.push(['typecheck', run('npx', ['tsc', '-p', '.']) === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }]);
  say('2/4 Unit tests (Vitest, engine on the wasm backend in Node)');
  run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${join(out, 'vitest.json')}`]);
  steps.push(['unit', countsFrom(join(out, 'vitest.json'), (j) => ({ passed: j.numPassedTests, failed: j.numFailedTests + (j.success ? 0 : j.numTotalTests ? 0 : 1) }))]);
  say('3/4 Reference vectors (npm run check-reference)');
  const refDir = existsSync(join(root, '..', 'shared', 'reference')) ? join(root, '..', 'shared', 'reference') : join(root, 'src', 'engine', '__fixtures__');
  steps.push(['reference', run('npx', ['tsx', 'scripts/check-reference.ts', refDir]) === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }]);
  say('4/4 End-to-end tests (Playwright, headless Chromium)');
  const e2eStatus = run('npx', ['playwright', 'test', '--reporter=list,json'], { env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: join(out, 'e2e.json') } });
  steps.push([
    'e2e',
    countsFrom(join(out, 'e2e.json'), (j) => ({ passed: j.stats.expected, failed: j.stats.unexpected + j.stats.flaky + (e2eStatus !== 0 && !j.stats.unexpected ? 1 : 0), skipped: j.stats.skipped })),
  ]);
  const total = steps.reduce((a, [, c]) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed, skipped: a.skipped + (c.skipped ?? 0) }), { passed: 0, failed: 0, skipped: 0 });
  for (const [name, c] of steps) say(`${name.padEnd(10)} ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`);
  console.log(`total: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  process.exit(total.failed ? 1 : 0);
} else {
  console.error('usage: node scripts/setup.mjs serve|test');
  process.exit(2);
}
