// The run file of INTERFACES §3, as `npm run experiment -- --out` writes it and the page exports
// it: what every file must hold, checked in one place, so a browser run and a Node run can be read
// by one script. Extra fields (probes, attention, a page's change log…) are free.
// `config` holds the run's values by schema name; a name the schema does not know, or a value it
// would not accept, is an error.
import { METHOD_IDS } from './methods';
import { validatePatch, defaultConfig, type Config } from './schema';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Everything wrong with a run file (none: it is one). */
export function runFileProblems(file: unknown): string[] {
  const out: string[] = [];
  if (!file || typeof file !== 'object' || Array.isArray(file)) return ['not a JSON object'];
  const f = file as Record<string, unknown>;
  if (!(METHOD_IDS as readonly unknown[]).includes(f.method)) out.push(`method ${JSON.stringify(f.method)} is not one of ${METHOD_IDS.join(', ')}`);
  const config = f.config as Record<string, unknown> | undefined;
  if (!config || typeof config !== 'object') out.push('config is missing');
  else {
    // (a file written before a parameter existed lacks it: the run had its default's behaviour)
    if (!Object.keys(config).length) out.push('config is empty');
    const { notices } = validatePatch(config, defaultConfig() as Config);
    for (const n of notices) out.push(`config: ${n.message}`);
  }
  if (typeof f.backend !== 'string' || !f.backend) out.push('backend is missing');
  if (!Number.isInteger(f.steps) || (f.steps as number) < 0) out.push('steps is not a whole number');
  for (const k of ['wallMs', 'stepMsMedian']) if (!isNum(f[k])) out.push(`${k} is not a number`);
  if (!Array.isArray(f.history)) out.push('history is not a list');
  else
    (f.history as Record<string, unknown>[]).forEach((h, i, all) => {
      if (!h || !Number.isInteger(h.step) || (i > 0 && (h.step as number) <= (all[i - 1].step as number))) out.push(`history[${i}].step is not a step after the one before`);
      else if (typeof h.loss !== 'number') out.push(`history[${i}].loss is not a number`);
    });
  const ev = f.eval as Record<string, unknown> | undefined;
  if (!ev || typeof ev !== 'object') out.push('eval is missing');
  else for (const k of ['knn', 'knnRandomInit', 'alignment', 'uniformity', 'std', 'rankme']) if (!isNum(ev[k]) && ev[k] !== null) out.push(`eval.${k} is not a number (or null: not measured)`);
  return out;
}
