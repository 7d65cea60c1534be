// A run's live changes (step → parameter = value) as one short URL value, so that a shared link
// retrains the run and applies each change at its step. Pure: the page encodes what the worker
// applied, the URL codec decodes, the worker replays.
//
// `log=<check>_<entry>_<entry>…`, each entry `<step>*<param>*<value>`: the step in base 36 as the
// gap from the entry before, the parameter left out when it is the one before's (dragging a
// slider repeats it), values as the URL writes them. Only characters URLSearchParams leaves as
// they are, so the link reads as written. `check` is a hash of the rest: a log edited by hand (or
// cut short by a chat program) is refused whole, never half applied.
import { SCHEMA, coerce, type ParamName } from './schema';

export interface Change {
  /** the step the model had finished when the change applied: it acts on step + 1 */
  step: number;
  param: ParamName;
  value: number | boolean | string;
}

/** More than this many changes is not a lesson's run; a longer log is refused. */
export const MAX_CHANGES = 500;

function fnv(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

const writeValue = (param: ParamName, v: Change['value']) => (SCHEMA[param]?.type === 'bool' ? (v ? '1' : '0') : String(v));

export function encodeLog(changes: readonly Change[]): string {
  let step = 0;
  let param: ParamName | null = null;
  const entries = changes.map((c) => {
    const e = `${(c.step - step).toString(36)}*${c.param === param ? '' : c.param}*${writeValue(c.param, c.value)}`;
    step = c.step;
    param = c.param;
    return e;
  });
  const body = entries.join('_');
  return `${fnv(`v1|${body}`)}_${body}`;
}

/** The changes of a log, or why it is refused (then the run starts from the link's settings alone). */
export function decodeLog(raw: string): { changes: Change[] } | { error: string } {
  const cut = raw.indexOf('_');
  if (cut < 1) return { error: 'it has no entries' };
  const body = raw.slice(cut + 1);
  if (fnv(`v1|${body}`) !== raw.slice(0, cut)) return { error: 'its check does not match (edited or cut short)' };
  const entries = body.split('_');
  if (entries.length > MAX_CHANGES) return { error: `it has more than ${MAX_CHANGES} changes` };
  const changes: Change[] = [];
  let step = 0;
  let param: string | null = null;
  for (const e of entries) {
    const parts = e.split('*');
    if (parts.length !== 3 || !/^[0-9a-z]+$/.test(parts[0])) return { error: `“${e}” is not step*parameter*value` };
    step += parseInt(parts[0], 36);
    param = parts[1] || param;
    if (!param || !(param in SCHEMA)) return { error: `“${parts[1]}” is not a parameter` };
    const name = param as ParamName;
    if (!SCHEMA[name].live) return { error: `${name} cannot change during a run` };
    if (step > SCHEMA.steps.max) return { error: `step ${step} is past any step budget` };
    const { value, notice } = coerce(name, parts[2], SCHEMA[name].default);
    if (notice) return { error: notice.message };
    changes.push({ step, param: name, value: value as Change['value'] });
  }
  return { changes };
}

const show = (param: ParamName, v: Change['value']) => (SCHEMA[param].type === 'bool' ? (v ? 'on' : 'off') : String(v));

/** Each change as a line a student reads, e.g. “Temperature τ 0.1 → 0.5 at step 120”, from the settings the run started with. */
export function describeChanges(start: Readonly<Record<ParamName, unknown>>, changes: readonly Change[]): string[] {
  const now: Record<string, unknown> = { ...start };
  return changes.map((c) => {
    const line = `${SCHEMA[c.param].label} ${show(c.param, now[c.param] as Change['value'])} → ${show(c.param, c.value)} at step ${c.step}`;
    now[c.param] = c.value;
    return line;
  });
}
