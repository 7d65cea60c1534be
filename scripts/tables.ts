// npm run tables [-- --check]: writes every measured table (README.md between its markers, the
// lessons' lessons/measured/*.json) from the run files; --check writes nothing and exits 1 when a
// file differs from what the runs give, naming it.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseOrExit, type Cli } from './lib/cli';
import { generate } from './lib/tables';
import { ROOT } from './lib/tables/runs';

const CLI: Cli = {
  command: 'npm run tables --',
  summary: 'Makes every measured table of README.md and the lessons from the run files in runs/ (and the device logs in docs/).',
  flags: [{ name: 'check', help: 'write nothing; exit 1 and name each file that differs from what the runs give' }],
};
const { check } = parseOrExit(CLI, process.argv.slice(2), ({ flags }) => ({ check: !!flags.check }));
const stale: string[] = [];
let made: Record<string, string>;
try {
  made = generate();
} catch (e) {
  // a run file missing or malformed, or a README marker without its table: one line, not a stack
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}
for (const [path, content] of Object.entries(made)) {
  const file = join(ROOT, path);
  const now = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (now === content) continue;
  stale.push(path);
  if (!check) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
if (check) {
  for (const p of stale) console.error(`stale: ${p} differs from what \`npm run tables\` makes from the runs`);
  console.log(stale.length ? `${stale.length} file(s) stale` : 'every table is what the runs give');
  process.exit(stale.length ? 1 : 0);
}
console.log(stale.length ? `wrote ${stale.join(', ')}` : 'every table was already what the runs give');
