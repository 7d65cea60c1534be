// The test steps of `npm test`, each judged by its runner's report *and* its exit status, so that
// nothing the runner counts as "not failed" can hide a failure: a test file that fails to load, a
// hook that throws, a runner that crashes before writing its report. Every failure is named in the
// step's summary; every skipped test is printed by name.
// Plain Node (no dependencies): it runs before and without the project's packages being trusted.
//   node scripts/harness.mjs unit [vitest args…]   one step alone, exit 1 on any failure (the self-test uses it)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Run a command with inherited output; its exit status (1 when it could not start or was killed). */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: process.env, ...opts });
  return r.status ?? 1;
}

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};
const firstLine = (s) => String(s ?? '').split('\n').find((l) => l.trim()) ?? '';
const rel = (file) => relative(ROOT, file) || file;

/**
 * A step's result: counts, plus each failure and skip by name.
 * @typedef {{ passed: number, failed: number, skipped: number, failures: string[], skips: string[] }} StepResult
 */

/**
 * Vitest's JSON report and exit status → a step result. A file whose suite failed without a failed
 * test (it threw while loading, or a hook threw and its tests were skipped) counts as one failure.
 */
export function judgeVitest(report, status, output = '') {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  /** the first error Vitest printed under "FAIL  <file>" (a hook's or a suite's) */
  const printedError = (name) => {
    // Vitest prints the file relative to its own root, which may sit below the repository's
    const at = plain.findIndex((l) => {
      const printed = l.split(' FAIL ')[1]?.trim().split(' ')[0];
      return !!printed && (name === printed || name.endsWith(`/${printed}`));
    });
    if (at < 0) return '';
    return plain.slice(at + 1, at + 6).find((l) => /^\s*[A-Za-z]*Error\b/.test(l))?.trim() ?? '';
  };
  const out = { passed: 0, failed: 0, skipped: 0, failures: [], skips: [] };
  if (!report) {
    out.failed = 1;
    out.failures.push(`vitest wrote no report (exit status ${status})`);
    return out;
  }
  for (const file of report.testResults ?? []) {
    const name = rel(file.name);
    const tests = file.assertionResults ?? [];
    const failedTests = tests.filter((t) => t.status === 'failed');
    for (const t of tests) {
      const title = [...(t.ancestorTitles ?? []), t.title].join(' › ');
      if (t.status === 'passed') out.passed++;
      else if (t.status === 'failed') out.failures.push(`${name}: ${title}: ${firstLine(t.failureMessages?.[0])}`);
      else out.skips.push(`${name}: ${title} (${t.status})`);
    }
    out.failed += failedTests.length;
    if (file.status === 'failed' && failedTests.length === 0) {
      out.failed++;
      out.failures.push(`${name}: the file failed outside any test: ${firstLine(file.message) || printedError(name) || 'a hook or suite threw (its error is in Vitest’s output above)'}`);
    }
  }
  out.skipped = out.skips.length;
  if (status !== 0 && out.failed === 0) {
    out.failed = 1;
    out.failures.push(`vitest exited with status ${status} though its report shows no failure`);
  }
  return out;
}

/** Playwright's JSON report and exit status → a step result (load errors and flaky tests fail it). */
export function judgePlaywright(report, status) {
  const out = { passed: 0, failed: 0, skipped: 0, failures: [], skips: [] };
  if (!report) {
    out.failed = 1;
    out.failures.push(`playwright wrote no report (exit status ${status})`);
    return out;
  }
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const name = `${spec.file ?? suite.file ?? '?'}: ${[...path, spec.title].join(' › ')}`;
        const last = t.results?.[t.results.length - 1];
        if (t.status === 'expected') out.passed++;
        else if (t.status === 'skipped') out.skips.push(name);
        else {
          out.failed++;
          out.failures.push(`${name}: ${t.status}${last?.error?.message ? ': ' + firstLine(last.error.message.replace(/\x1b\[[0-9;]*m/g, '')) : ''}`);
        }
      }
    }
    for (const s of suite.suites ?? []) walk(s, s.title && !s.title.endsWith('.ts') ? [...path, s.title] : path);
  };
  for (const s of report.suites ?? []) walk(s, []);
  for (const e of report.errors ?? []) {
    out.failed++;
    out.failures.push(`outside any test: ${firstLine((e.message ?? '').replace(/\x1b\[[0-9;]*m/g, ''))}`);
  }
  out.skipped = out.skips.length;
  if (status !== 0 && out.failed === 0) {
    out.failed = 1;
    out.failures.push(`playwright exited with status ${status} though its report shows no failure`);
  }
  return out;
}

/**
 * Run a command, echoing its output as it would print, and keep the output to name what failed.
 * @returns {{ status: number, out: string }}
 */
function runCaptured(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  return { status: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** The type check: tsc's exit status, each error named by file and line. */
export function judgeTsc(out, status) {
  const errors = out.split('\n').filter((l) => /^\S.*\(\d+,\d+\): error TS\d+/.test(l)).map((l) => l.trim());
  if (status === 0 && errors.length === 0) return { passed: 1, failed: 0, skipped: 0, failures: [], skips: [] };
  const failures = errors.length ? errors : [`tsc exited with status ${status}`];
  return { passed: 0, failed: failures.length, skipped: 0, failures, skips: [] };
}

export function typecheckStep() {
  const { status, out } = runCaptured('npx', ['tsc', '-p', '.']);
  return judgeTsc(out, status);
}

/** The reference vectors: check-reference's exit status, each mismatched value named; its skips too. */
export function judgeReference(out, status) {
  const lines = out.split('\n');
  const failures = lines.filter((l) => l.startsWith('FAIL ')).map((l) => l.slice(5));
  const skips = lines.filter((l) => l.startsWith('skip ')).map((l) => l.slice(5));
  const passed = lines.filter((l) => l.startsWith('pass ')).length;
  if (status !== 0 && failures.length === 0) failures.push(`check-reference exited with status ${status}`);
  if (status === 0 && passed === 0) failures.push('check-reference checked no value');
  return { passed, failed: failures.length, skipped: skips.length, failures, skips };
}

export function referenceStep(dir) {
  const { status, out } = runCaptured('npx', ['tsx', 'scripts/check-reference.ts', dir]);
  return judgeReference(out, status);
}

/**
 * The WebGPU meter on the null backend (npm run dispatch): it must run and print SimCLR's row; its
 * figures are reported, not asserted (they are measurements).
 */
export function judgeDispatch(out, status) {
  const row = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return null;
      }
    })
    .find((r) => r && r.method === 'simclr');
  const ok = status === 0 && row && Number.isFinite(row.dispatches) && Number.isFinite(row.hostMs);
  if (ok) return { passed: 1, failed: 0, skipped: 0, failures: [], skips: [], row };
  return { passed: 0, failed: 1, skipped: 0, failures: [`npm run dispatch -- --method simclr --json did not run (status ${status}): ${out.trim().split('\n').slice(-3).join(' | ')}`], skips: [] };
}

export function dispatchStep() {
  const { status, out } = runCaptured('npx', ['tsx', 'scripts/dispatch.ts', '--method', 'simclr', '--json']);
  return judgeDispatch(out, status);
}

/** The unit step: Vitest with its JSON report, extra args passed through (a config, a folder). */
export function unitStep(outDir, args = []) {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'vitest.json');
  rmSync(file, { force: true }); // a stale report must never stand in for this run's
  const log = join(outDir, 'vitest.log');
  // streamed as it runs and kept: a hook's error is in Vitest's own output, not in its JSON report
  const cmd = [process.execPath, join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile=${file}`, ...args];
  const quoted = cmd.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const status = run('bash', ['-c', `set -o pipefail; ${quoted} 2>&1 | tee '${log}'`]);
  return judgeVitest(readJson(file), status, existsSync(log) ? readFileSync(log, 'utf8') : '');
}

export function e2eStep(outDir, args = []) {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'e2e.json');
  rmSync(file, { force: true });
  const status = run('npx', ['playwright', 'test', '--reporter=list,json', ...args], { env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: file } });
  return judgePlaywright(readJson(file), status);
}

/** One summary line per step, then each failure and skip by name, then the closing count line. */
export function summarise(steps, say) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const [name, r] of steps) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    say(`${name.padEnd(10)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
    for (const f of r.failures) say(`  FAILED  ${f}`);
    for (const s of r.skips) say(`  skipped ${s}`);
  }
  console.log(`total: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  return total;
}

/** Vite 8 and its React plugin need Node ^20.19 or >= 22.12 (package.json's engines). */
export function nodeIsNewEnough(version) {
  const [maj, min] = version.replace(/^v/, '').split('.').map(Number);
  return (maj === 20 && min >= 19) || (maj === 22 && min >= 12) || maj === 21 || maj > 22;
}

export const say = (s) => console.log(`\x1b[1m[lab]\x1b[0m ${s}`);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [step, ...rest] = process.argv.slice(2);
  if (step !== 'unit' || !existsSync(join(ROOT, 'node_modules', 'vitest'))) {
    console.error('usage: node scripts/harness.mjs unit [vitest args…]   (after npm ci)');
    process.exit(2);
  }
  const outDir = process.env.LAB_HARNESS_OUT ?? join(ROOT, 'test-results', 'harness');
  const total = summarise([['unit', unitStep(outDir, rest)]], say);
  process.exit(total.failed ? 1 : 0);
}
