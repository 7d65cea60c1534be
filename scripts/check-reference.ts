// npm run check-reference -- DIR: the engine's losses and metrics against every *.json in DIR.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeBackend } from './node-env';
import { checkReference } from './lib/reference';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run check-reference -- DIR   (a folder of reference *.json files)');
  process.exit(2);
}
await nodeBackend('wasm');
const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
if (!files.length) {
  console.error(`No *.json files in ${dir}`);
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
