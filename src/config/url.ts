// URL = experiment (shared INTERFACES.md §1). Parsing never throws: every bad value becomes a
// notice and a sane value. Serialising writes only what differs from the page's preset, so a
// shared link stays short and still reproduces the run.
import { BACKENDS, MAX_THREADS, METHODS, METHOD_IDS, type BackendChoice, type MethodId } from './methods';
import { PARAM_NAMES, SCHEMA, coerce, defaultConfig, type Config, type ConfigPatch, type Notice, type ParamName } from './schema';
import { decodeLog, encodeLog, type Change } from './changelog';

export interface LessonMeta {
  id: string;
  title: string;
  method: MethodId;
  preset: ConfigPatch;
  /** named runs the lesson can put side by side (`compare=<id>,<id>`) */
  variants?: readonly Variant[];
  /** the variants it opens with */
  defaultCompare?: readonly string[];
  /** the step by which the page makes its point, and what shows then: where training would take over
   * about two minutes to get there, the page offers the lesson's recorded run */
  point?: { step: number; what: string };
}

/** One model a lesson can compare: a method (default: the page's) and settings over the page's. */
export interface Variant {
  id: string;
  label: string;
  method?: MethodId;
  patch: ConfigPatch;
}

/** Several runs that differ only in one parameter, under one clock (`sweep=temperature:0.05,0.1,1`). */
export interface Sweep {
  param: ParamName;
  values: (number | boolean | string)[];
}

export interface Experiment {
  lesson: string | null;
  method: MethodId;
  config: Config;
  autorun: boolean;
  backend: BackendChoice;
  /** wasm threads (`threads=N`); null: one per core */
  threads: number | null;
  present: boolean;
  hide: string[];
  sweep: Sweep | null;
  /** ids of the lesson's variants trained side by side (instead of a sweep) */
  compare: string[] | null;
  /** a shared link's live changes, replayed at their steps (`log=`, changelog.ts); read once, like autorun */
  log?: Change[] | null;
  /** `recorded=1`: a lesson page plays its recorded run instead of training (bridge/player.ts) */
  recorded?: boolean;
}

/** More runs than this share two CPU cores too thinly to be worth watching. */
export const MAX_SWEEP = 6;

const RESERVED = new Set(['lesson', 'method', 'autorun', 'backend', 'threads', 'present', 'hide', 'sweep', 'compare', 'log', 'recorded']);

function encode(name: ParamName, v: unknown): string {
  return SCHEMA[name].type === 'bool' ? (v ? '1' : '0') : String(v);
}

/** A run's label is its parameter and value, e.g. `temperature=0.05` (its panel's data-run). */
export const sweepLabel = (param: ParamName, v: unknown) => `${param}=${encode(param, v)}`;

export interface RunPlan {
  label: string;
  patch: ConfigPatch;
  /** a run of another method than the page's gets that method's preset under its patch */
  method?: MethodId;
  title?: string;
}

/** The runs an experiment asks the worker for: one per compared variant or sweep value, else one. */
export function runSpecs(e: Pick<Experiment, 'sweep' | 'compare' | 'method' | 'lesson'>, lessons: readonly LessonMeta[] = []): RunPlan[] {
  if (e.compare) {
    const lesson = lessons.find((l) => l.id === e.lesson);
    const variants = lesson?.variants ?? [];
    const plans = e.compare.flatMap((id) => variants.filter((v) => v.id === id));
    if (plans.length) {
      return plans.map((v) => ({
        label: v.id,
        title: v.label,
        method: v.method ?? e.method,
        // another method's run: its own preset, then the lesson's setting (data, backbone), then its own values
        patch: { ...(v.method && v.method !== e.method ? { ...METHODS[v.method].preset, ...(lesson?.preset ?? {}) } : {}), ...v.patch },
      }));
    }
  }
  if (!e.sweep) return [{ label: 'main', patch: {} }];
  return e.sweep.values.map((v) => ({ label: sweepLabel(e.sweep!.param, v), patch: { [e.sweep!.param]: v } as ConfigPatch }));
}

/** `id,id,…` → the lesson's variants by id (unknown ids dropped with a notice). */
export function parseCompare(raw: string, lesson: LessonMeta | null): { compare: string[] | null; notices: Notice[] } {
  const known = lesson?.variants ?? [];
  if (!known.length) return { compare: null, notices: [{ param: 'compare', message: `compare= needs a lesson with runs to compare${lesson ? `; "${lesson.title}" has none` : ''}; showing one run.` }] };
  const notices: Notice[] = [];
  const ids: string[] = [];
  for (const id of raw.split(',').map((x) => x.trim()).filter(Boolean)) {
    if (!known.some((v) => v.id === id)) notices.push({ param: 'compare', message: `This lesson has no run "${id}" to compare (it has ${known.map((v) => v.id).join(', ')}).` });
    else if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length > MAX_SWEEP) {
    notices.push({ param: 'compare', message: `At most ${MAX_SWEEP} runs at once; keeping the first ${MAX_SWEEP}.` });
    ids.length = MAX_SWEEP;
  }
  if (!ids.length) return { compare: null, notices: [...notices, { param: 'compare', message: 'No run to compare was named; showing one run.' }] };
  return { compare: ids, notices };
}

/** `param:v1,v2,…` → a sweep of valid, distinct values (each clamped like any URL value), or a notice. */
export function parseSweep(raw: string, method: MethodId, config: Config): { sweep: Sweep | null; notices: Notice[] } {
  const notices: Notice[] = [];
  const colon = raw.indexOf(':');
  const name = raw.slice(0, Math.max(colon, 0));
  if (colon < 1 || !(name in SCHEMA)) {
    return { sweep: null, notices: [{ param: 'sweep', message: `sweep="${raw}" should read <parameter>:<value>,<value>,… (e.g. temperature:0.05,0.2,1); showing one run.` }] };
  }
  const param = name as ParamName;
  const p = SCHEMA[param];
  if (p.methods && !p.methods.includes(method)) {
    return { sweep: null, notices: [{ param: 'sweep', message: `${METHODS[method].title} has no ${param}, so it cannot be swept; showing one run.` }] };
  }
  const values: Sweep['values'] = [];
  for (const part of raw.slice(colon + 1).split(',').map((x) => x.trim()).filter(Boolean)) {
    const { value, notice } = coerce(param, part, config[param]);
    if (notice) notices.push({ param: 'sweep', message: `In the sweep, ${notice.message}` });
    if (!values.includes(value as never)) values.push(value as never);
  }
  if (values.length > MAX_SWEEP) {
    notices.push({ param: 'sweep', message: `A sweep runs at most ${MAX_SWEEP} models at once; keeping the first ${MAX_SWEEP} values.` });
    values.length = MAX_SWEEP;
  }
  if (values.length < 2) {
    notices.push({ param: 'sweep', message: `sweep="${raw}" needs two or more different values; showing one run.` });
    return { sweep: null, notices };
  }
  return { sweep: { param, values }, notices };
}

/** The configuration a page starts from before the URL's own values: schema ← method ← lesson. */
export function presetConfig(method: MethodId, lesson: LessonMeta | null): Config {
  return { ...defaultConfig(), ...METHODS[method].preset, ...(lesson?.preset ?? {}) };
}

export function parseExperiment(search: string, lessons: readonly LessonMeta[]): { experiment: Experiment; notices: Notice[] } {
  const q = new URLSearchParams(search);
  const notices: Notice[] = [];

  let lesson: LessonMeta | null = null;
  const lessonId = q.get('lesson');
  if (lessonId !== null) {
    lesson = lessons.find((l) => l.id === lessonId) ?? null;
    if (!lesson) notices.push({ param: 'lesson', message: `There is no lesson "${lessonId}"; showing the course map.` });
  }

  let method: MethodId = lesson?.method ?? 'simclr';
  const m = q.get('method');
  if (m !== null) {
    if (!(METHOD_IDS as readonly string[]).includes(m)) {
      notices.push({ param: 'method', message: `method="${m}" is not one of ${METHOD_IDS.join(', ')}; using ${method}.` });
    } else if (!METHODS[m as MethodId].available) {
      notices.push({ param: 'method', message: `${METHODS[m as MethodId].title} is not in the lab yet; using ${METHODS[method].title}.` });
    } else {
      method = m as MethodId;
    }
  }

  const config = presetConfig(method, lesson);
  for (const [k, raw] of q.entries()) {
    if (RESERVED.has(k)) continue;
    if (!(k in SCHEMA)) {
      notices.push({ param: k, message: `Unknown parameter "${k}" ignored.` });
      continue;
    }
    const name = k as ParamName;
    const { value, notice } = coerce(name, raw, config[name]);
    (config as Record<string, unknown>)[name] = value;
    if (notice) notices.push(notice);
  }
  // a combination the method cannot run: say so and use what it needs
  for (const [k, need] of Object.entries(METHODS[method].requires ?? {}) as [ParamName, never][]) {
    if (config[k] !== need) {
      notices.push({ param: k, message: `${METHODS[method].title} needs ${k}=${need} (${METHODS[method].requiresWhy}); using ${need}.` });
      (config as Record<string, unknown>)[k] = need;
    }
  }

  const flag = (name: string): boolean => {
    const v = q.get(name);
    if (v === null) return false;
    if (v === '1' || v === 'true' || v === '') return true;
    if (v !== '0' && v !== 'false') notices.push({ param: name, message: `${name}="${v}" is not 1 or 0; using 0.` });
    return false;
  };

  let backend: BackendChoice = 'auto';
  const b = q.get('backend');
  if (b !== null) {
    if ((BACKENDS as readonly string[]).includes(b)) backend = b as BackendChoice;
    else notices.push({ param: 'backend', message: `backend="${b}" is not one of ${BACKENDS.join(', ')}; using auto.` });
  }

  let threads: number | null = null;
  const t = q.get('threads');
  if (t !== null) {
    const n = Number(t);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_THREADS) threads = n;
    else {
      threads = Number.isFinite(n) ? Math.min(MAX_THREADS, Math.max(1, Math.round(n))) : null;
      notices.push({ param: 'threads', message: `threads="${t}" is not a whole number from 1 to ${MAX_THREADS}; using ${threads ?? 'one per core'}.` });
    }
  }

  const hide = (q.get('hide') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  let sweep: Sweep | null = null;
  const rawSweep = q.get('sweep');
  if (rawSweep !== null) {
    const parsed = parseSweep(rawSweep, method, config);
    sweep = parsed.sweep;
    notices.push(...parsed.notices);
  }
  let compare: string[] | null = lesson?.defaultCompare?.length ? [...lesson.defaultCompare] : null;
  const rawCompare = q.get('compare');
  if (rawCompare !== null) {
    const parsed = parseCompare(rawCompare, lesson);
    compare = parsed.compare;
    notices.push(...parsed.notices);
    if (compare && sweep) {
      notices.push({ param: 'sweep', message: 'A page compares runs or sweeps one setting, not both; showing the compared runs.' });
      sweep = null;
    }
  }
  let log: Change[] | null = null;
  const rawLog = q.get('log');
  if (rawLog !== null) {
    const parsed = decodeLog(rawLog);
    if ('changes' in parsed) log = parsed.changes;
    else notices.push({ param: 'log', message: `The link's log of live changes was refused: ${parsed.error}. The run starts from the link's settings alone.` });
  }
  let recorded = flag('recorded');
  if (recorded && !lesson) {
    notices.push({ param: 'recorded', message: 'Recorded runs belong to lesson pages; this page trains live.' });
    recorded = false;
  }
  return {
    experiment: { lesson: lesson?.id ?? null, method, config, autorun: flag('autorun'), backend, threads, present: flag('present'), hide, sweep, compare, log, recorded },
    notices,
  };
}

export function serializeExperiment(e: Experiment, lessons: readonly LessonMeta[]): string {
  const lesson = lessons.find((l) => l.id === e.lesson) ?? null;
  const q = new URLSearchParams();
  if (lesson) q.set('lesson', lesson.id);
  if (!lesson || lesson.method !== e.method) q.set('method', e.method);
  const base = presetConfig(e.method, lesson);
  for (const k of PARAM_NAMES) if (e.config[k] !== base[k]) q.set(k, encode(k, e.config[k]));
  if (e.autorun) q.set('autorun', '1');
  if (e.backend !== 'auto') q.set('backend', e.backend);
  if (e.threads !== null) q.set('threads', String(e.threads));
  if (e.present) q.set('present', '1');
  if (e.hide.length) q.set('hide', e.hide.join(','));
  if (e.compare && e.compare.join(',') !== (lesson?.defaultCompare ?? []).join(',')) q.set('compare', e.compare.join(','));
  if (e.sweep) q.set('sweep', `${e.sweep.param}:${e.sweep.values.map((v) => encode(e.sweep!.param, v)).join(',')}`);
  if (e.log?.length) q.set('log', encodeLog(e.log));
  if (e.recorded) q.set('recorded', '1');
  return '?' + q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
}
