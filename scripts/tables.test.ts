// Claims come from files: README's measured tables and the lessons' table data are exactly what
// `npm run tables` makes from the run files, a number edited by hand is caught, and no measured
// table in README lives outside the generated blocks.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillReadme, generate, markedTables } from './lib/tables';
import { README_TABLES } from './lib/tables/readme';

const ROOT = join(__dirname, '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const expected = generate();

describe('npm run tables', () => {
  it('README.md and every lessons/measured/*.json are what the run files give (run `npm run tables` after new runs)', () => {
    const stale = Object.entries(expected).filter(([p, content]) => read(p) !== content).map(([p]) => p);
    expect(stale).toEqual([]);
    const onDisk = readdirSync(join(ROOT, 'lessons', 'measured')).map((f) => `lessons/measured/${f}`);
    expect(onDisk.sort()).toEqual(Object.keys(expected).filter((p) => p.startsWith('lessons/')).sort());
  });

  it('a number edited by hand in a README table or in a lesson’s table data is caught', () => {
    const readme = read('README.md');
    for (const name of markedTables(readme)) {
      const start = readme.indexOf(`<!-- table:${name} -->`);
      const body = readme.indexOf('\n|---', start); // the first row's digits lie after the header rule
      const at = readme.slice(body).search(/\d/) + body;
      const edited = readme.slice(0, at) + (readme[at] === '7' ? '8' : '7') + readme.slice(at + 1);
      expect(fillReadme(edited), `table ${name}`).not.toBe(edited);
      expect(fillReadme(edited)).toBe(expected['README.md']);
    }
    for (const [p, content] of Object.entries(expected).filter(([q]) => q.endsWith('.json'))) {
      const at = content.search(/\d\.\d/);
      const edited = content.slice(0, at) + (content[at] === '7' ? '8' : '7') + content.slice(at + 1);
      expect(edited, p).not.toBe(content);
    }
  });

  it('every measured table in README is a generated one; only the table of interfaces is typed', () => {
    const readme = read('README.md');
    expect(markedTables(readme).sort()).toEqual(Object.keys(README_TABLES).sort());
    const outside = readme.replace(/<!-- table:[a-z0-9-]+ -->[^]*?<!-- \/table -->/g, '').split('\n').filter((l) => l.startsWith('|---'));
    expect(outside).toHaveLength(1); // the interfaces table's rule line
    expect(readme).toContain('| surface | what it is |');
  });

  it('the lessons’ table components read the generated data and type no run numbers of their own', () => {
    for (const f of readdirSync(join(ROOT, 'lessons')).filter((x) => /\.measured\.tsx?$/.test(x))) {
      const src = read(`lessons/${f}`);
      expect(src, f).toMatch(/from '\.\/(measured\/[a-z-]+\.json|masked\.measured)'/);
      expect(src, f).not.toMatch(/file: 'runs\//);
    }
  });
});
