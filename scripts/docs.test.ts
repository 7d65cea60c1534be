// What README and the lessons point at is there: no path outside the repository, every repository
// path they name exists (a glob's folder at least), and the one bench figure quoted in prose is the
// newest bench file's.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const walk = (dir: string): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((f) => {
    const p = `${dir}/${f}`;
    return statSync(join(ROOT, p)).isDirectory() ? (f === '__fixtures__' ? [] : walk(p)) : [p];
  });
const PAGES = ['README.md', ...walk('lessons').filter((f) => /\.(mdx|tsx?)$/.test(f))];
const SOURCES = [...PAGES, ...walk('src').filter((f) => /\.(tsx?|css)$/.test(f))];
// made by a command the README names before it names them (scripts/device/prepare.sh; npm run build)
const MADE = ['.device/', 'dist/'];

describe('paths in README, the lessons and the source', () => {
  it('none points outside the repository', () => {
    const outside = SOURCES.flatMap((f) => read(f).split('\n').map((l, i) => [f, i + 1, l] as const)).filter(([, , l]) => /\.\.\/shared|(^|[\s`(])shared\/(research|reference|INTERFACES)/.test(l));
    expect(outside.map(([f, n, l]) => `${f}:${n}: ${l.trim()}`)).toEqual([]);
  });

  it('every repository path named in backticks exists', () => {
    const missing: string[] = [];
    for (const f of PAGES) {
      for (const [, p] of read(f).matchAll(/`((?:runs|docs|scripts|src|lessons|e2e|public|\.device|dist)\/[^`\s]*)`/g)) {
        if (MADE.some((m) => p.startsWith(m))) continue;
        const fixed = p.split(/[*<{]/)[0].replace(/\/[^/]*$/, (tail) => (p.includes('*') || p.includes('<') || p.includes('{') ? '' : tail));
        if (!existsSync(join(ROOT, fixed))) missing.push(`${f}: ${p}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('bench figures quoted in README prose', () => {
  it('the main-thread JavaScript size is the newest bench file’s', () => {
    const benches = readdirSync(join(ROOT, 'runs')).filter((f) => /^bench.*\.json$/.test(f)).map((f) => ({ f, ...JSON.parse(read(`runs/${f}`)) }));
    const newest = benches.sort((a, b) => Date.parse(b.date) - Date.parse(a.date))[0];
    const line = read('README.md').match(/Main-thread JavaScript without tfjs[^]*?\*\*(\d+) kB\*\* in the newest\s+bench \(`runs\/([^`]+)`/);
    expect(line, 'the README sentence on the main-thread size').not.toBeNull();
    expect(line![2]).toBe(newest.f);
    expect(Number(line![1])).toBe(Math.round(newest.mainThreadJsGzipBytes / 1000));
  });
});
