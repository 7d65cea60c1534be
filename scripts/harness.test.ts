// The harness self-test: the unit step run, in a child process, over a fixture folder holding one
// healthy file and two broken ones that typecheck (a hook that throws, a module that throws when
// loaded) must fail, name both, and name the skipped tests; and each runner's report is judged
// with its exit status, so neither can pass alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeDispatch, judgePlaywright, judgeReference, judgeTsc, judgeVitest, nodeIsNewEnough } from './harness.mjs';

const ROOT = join(__dirname, '..');

describe('the unit step over a folder with broken files', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'harness.mjs'), 'unit', '--config', 'scripts/__fixtures__/harness/vitest.config.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LAB_HARNESS_OUT: mkdtempSync(join(tmpdir(), 'harness-')), FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const lines = r.stdout.split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
  const failedLines = lines.filter((l) => l.includes('FAILED'));

  it('exits non-zero and counts each broken file as a failure', () => {
    expect(r.status).toBe(1);
    expect(lines).toContain('[lab] unit       1 passed, 2 failed, 2 skipped');
    expect(lines).toContain('total: 1 passed, 2 failed, 2 skipped');
  });

  it('names the file whose hook threw and the file that threw while loading, and not the healthy one', () => {
    expect(failedLines.some((l) => l.includes('scripts/__fixtures__/harness/hook-throws.fixture.ts') && l.includes('the backend did not start'))).toBe(true);
    expect(failedLines.some((l) => l.includes('throws-on-load.fixture.ts') && l.includes('this module cannot be loaded'))).toBe(true);
    expect(failedLines.some((l) => l.includes('passes.fixture.ts'))).toBe(false);
  });

  it('prints each skipped test by name', () => {
    expect(lines.some((l) => l.includes('skipped scripts/__fixtures__/harness/passes.fixture.ts: a healthy file › is skipped on purpose'))).toBe(true);
    expect(lines.some((l) => l.includes('skipped') && l.includes('a file whose setup breaks › would pass'))).toBe(true);
  });
});

describe('a report never passes a step that exited non-zero', () => {
  const clean = { testResults: [{ name: '/x/a.test.ts', status: 'passed', message: '', assertionResults: [{ ancestorTitles: [], title: 't', status: 'passed' }] }] };

  it('Vitest: a clean report with exit status 1 fails; a missing report fails; the same report with status 0 passes', () => {
    expect(judgeVitest(clean, 1).failed).toBe(1);
    expect(judgeVitest(null, 0).failed).toBe(1);
    expect(judgeVitest(clean, 0)).toMatchObject({ passed: 1, failed: 0, skipped: 0 });
  });

  it('Playwright: a load error, a flaky test and a bare non-zero exit each fail; skips are named', () => {
    const spec = (status: string) => ({ suites: [{ title: 'a.spec.ts', file: 'a.spec.ts', specs: [{ title: 'opens', file: 'a.spec.ts', tests: [{ status, results: [] }] }] }] });
    expect(judgePlaywright({ ...spec('expected'), errors: [{ message: 'SyntaxError in b.spec.ts' }] }, 1)).toMatchObject({ passed: 1, failed: 1 });
    expect(judgePlaywright(spec('flaky'), 0).failed).toBe(1);
    expect(judgePlaywright(spec('expected'), 1).failed).toBe(1);
    expect(judgePlaywright(spec('skipped'), 0)).toMatchObject({ passed: 0, failed: 0, skipped: 1, skips: ['a.spec.ts: opens'] });
    expect(judgePlaywright(null, 0).failed).toBe(1);
  });
});

describe('the type check and the reference vectors name what failed', () => {
  it('tsc: each error by file and line; a bare non-zero exit still fails', () => {
    const out = "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\nsrc/b.ts(1,1): error TS2307: Cannot find module './gone'.\n";
    expect(judgeTsc(out, 2)).toMatchObject({ passed: 0, failed: 2 });
    expect(judgeTsc(out, 2).failures[1]).toContain('src/b.ts(1,1)');
    expect(judgeTsc('', 1).failed).toBe(1);
    expect(judgeTsc('', 0)).toMatchObject({ passed: 1, failed: 0 });
  });

  it('check-reference: counts each value, names each mismatch and skip; a run that checked nothing fails', () => {
    const out = 'pass dino.loss\nFAIL ibot.loss_patch expected 1 got 2\nskip ibot.example (informational)\n1 passed, 1 failed, 1 skipped\n';
    expect(judgeReference(out, 1)).toMatchObject({ passed: 1, failed: 1, skipped: 1, failures: ['ibot.loss_patch expected 1 got 2'], skips: ['ibot.example (informational)'] });
    expect(judgeReference('', 0).failed).toBe(1);
    expect(judgeReference('pass a\n', 0)).toMatchObject({ passed: 1, failed: 0 });
  });

  it('the WebGPU meter: passes on a SimCLR row with figures; a failed exit, a missing row or a row without figures fails', () => {
    const row = '{"method":"simclr","dispatches":60,"hostMs":24.3}';
    expect(judgeDispatch(`noise\n${row}\n`, 0)).toMatchObject({ passed: 1, failed: 0 });
    expect(judgeDispatch(`${row}\n`, 1).failed).toBe(1);
    expect(judgeDispatch('error: WebGPU did not start\n', 0).failed).toBe(1);
    expect(judgeDispatch('{"method":"simclr","dispatches":"n/a"}\n', 0).failed).toBe(1);
    expect(judgeDispatch('{"method":"moco","dispatches":1,"hostMs":1}\n', 0).failed).toBe(1);
  });
});

describe('the Node version check before npm start and npm test', () => {
  it('accepts what Vite 8 supports and nothing older', () => {
    for (const v of ['v20.19.0', 'v20.20.2', 'v22.12.0', 'v24.1.0']) expect(nodeIsNewEnough(v), v).toBe(true);
    for (const v of ['v18.19.0', 'v20.0.0', 'v20.18.3', 'v22.11.0']) expect(nodeIsNewEnough(v), v).toBe(false);
  });
});
