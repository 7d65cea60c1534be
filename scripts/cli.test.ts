// The command-line tools as a user meets them: --help prints the usage and exits 0; a flag that is
// wrong prints one line and the usage and exits 2, with no stack trace.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const TOOLS = { experiment: 'scripts/experiment.ts', bench: 'scripts/bench.ts', profile: 'scripts/profile-step.ts', 'check-reference': 'scripts/check-reference.ts', tables: 'scripts/tables.ts' };
const STACK = /^\s{4}at /m;

/** One tool, run as `npm run <name> -- …` runs it. */
const tool = (file: string, args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe.each(Object.entries(TOOLS))('npm run %s', (name, file) => {
  it('--help prints its usage and exits 0', () => {
    const r = tool(file, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(`usage: npm run ${name} --`)).toBe(true);
    expect(r.stdout).toContain('--help');
  });

  it('an unknown flag prints one line naming it, the usage, and exits 2, without a stack trace', () => {
    const r = tool(file, ['--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: unknown flag --bogus');
    expect(r.stderr).toContain(`usage: npm run ${name} --`);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
  });
});

describe('malformed values', () => {
  for (const [file, args, line] of [
    [TOOLS.experiment, ['--steps', 'ten'], 'error: --steps needs a whole number ≥ 0, got "ten"'],
    [TOOLS.experiment, ['--lesson', 'nope'], 'error: --lesson must be one of'],
    [TOOLS.experiment, ['--variant', 'dino-nocenter'], 'error: --variant needs a --lesson with that run'],
    [TOOLS.experiment, ['--set', 'temperature'], 'error: --set expects name=value, got "temperature"'],
    [TOOLS.experiment, ['--gauges'], 'error: --gauges needs a value (N)'],
    [TOOLS.bench, ['--backends', 'wasm,metal'], 'error: --backends must be one of wasm, webgl, webgpu, cpu; got "metal"'],
    [TOOLS.profile, ['simclr', '{not json'], 'error: settings must be a JSON object'],
    [TOOLS['check-reference'], [], 'error: DIR is required'],
  ] as const) {
    it(`${file.split('/')[1]} ${args.join(' ')}: "${line}" and exit 2`, () => {
      const r = tool(file, [...args]);
      expect(r.status).toBe(2);
      expect(r.stderr.split('\n')[0].startsWith(line)).toBe(true);
      expect(r.stdout + r.stderr).not.toMatch(STACK);
    });
  }

  it('through npm itself, as the README runs it: `npm run experiment -- --bogus` exits 2 with no stack trace', () => {
    const r = spawnSync('npm', ['run', '--silent', 'experiment', '--', '--bogus'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
    expect(spawnSync('npm', ['run', '--silent', 'experiment', '--', '--help'], { cwd: ROOT, encoding: 'utf8' }).status).toBe(0);
  });
});
