// npm run check-reference -- DIR: the engine's losses and metrics against every *.json in DIR.
import { readdir, readFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrExit, UsageError, type Cli } from './lib/cli';
import { nodeBackend } from './node-env';
import { checkReference } from './lib/reference';

const CLI: Cli = {
  command: 'npm run check-reference --',
  summary: 'Checks the functions training calls (losses, schedules, metrics) against every reference *.json in DIR; exits 1 on any mismatch.',
  positional: [{ name: 'DIR', help: 'a folder of reference vector files (e.g. src/engine/__fixtures__)', required: true }],
  flags: [],
};
const dir = parseOrExit(CLI, process.argv.slice(2), ({ positional: [d] }) => {
  if (!existsSync(d) || !statSync(d).isDirectory()) throw new UsageError(`${d} is not a folder`);
  return d;
});
await nodeBackend('wasm');
const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
if (!files.length) {
  console.error(`error: no *.json files in ${dir}`);
  process.exit(2);
}
const counts = { pass: 0, FAIL: 0, skip: 0 };
for (const f of files) {
  const json = JSON.parse(await readFile(join(dir, f), 'utf8'));
  for (const line of await checkReference(json, files.length > 1 ? f : '')) {
    counts[line.status]++;
    if (line.status === 'pass') console.log(`pass ${line.key}`);
    else if (line.status === 'FAIL') console.log(`FAIL ${line.key} ${line.text}`);
    else console.log(`skip ${line.key} (${line.text})`);
  }
}
console.log(`${counts.pass} passed, ${counts.FAIL} failed, ${counts.skip} skipped`);
process.exit(counts.FAIL ? 1 : 0);
