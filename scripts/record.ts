// npm run record -- [--lessons a,b]: every lesson's recorded run made again (scripts/lib/record.ts),
// one lesson after another, each its page's own runs to the step budget.
import { LESSONS } from '../lessons';
import { nodeBackend } from './node-env';
import { oneOf, parseOrExit, type Cli } from './lib/cli';
import { recordLesson } from './lib/record';

const CLI: Cli = {
  command: 'npm run record --',
  summary: 'Records every lesson page’s own runs in Node (wasm) to the step budget, with the reports its widgets watch, as public/recordings/<lesson>.json.gz.',
  flags: [{ name: 'lessons', value: 'a,b', help: `only these, of ${LESSONS.map((l) => l.id).join(', ')} (default all)` }],
};
const ids = parseOrExit(CLI, process.argv.slice(2), ({ flags: f }) => {
  const ids = typeof f.lessons === 'string' ? f.lessons.split(',').map((s) => s.trim()).filter(Boolean) : LESSONS.map((l) => l.id);
  for (const id of ids) oneOf('--lessons', id, LESSONS.map((l) => l.id));
  return ids;
});
await nodeBackend('wasm');
for (const id of ids) await recordLesson(LESSONS.find((l) => l.id === id)!, LESSONS, (s) => process.stderr.write(s));
