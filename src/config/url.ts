// URL = experiment (shared INTERFACES.md §1). Parsing never throws: every bad value becomes a
// notice and a sane value. Serialising writes only what differs from the page's preset, so a
// shared link stays short and still reproduces the run.
import { BACKENDS, METHODS, METHOD_IDS, type BackendChoice, type MethodId } from './methods';
import { PARAM_NAMES, SCHEMA, coerce, defaultConfig, type Config, type ConfigPatch, type Notice, type ParamName } from './schema';

export interface LessonMeta {
  id: string;
  title: string;
  method: MethodId;
  preset: ConfigPatch;
}

export interface Experiment {
  lesson: string | null;
  method: MethodId;
  config: Config;
  autorun: boolean;
  backend: BackendChoice;
  present: boolean;
  hide: string[];
}

const RESERVED = new Set(['lesson', 'method', 'autorun', 'backend', 'present', 'hide']);

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

  const hide = (q.get('hide') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    experiment: { lesson: lesson?.id ?? null, method, config, autorun: flag('autorun'), backend, present: flag('present'), hide },
    notices,
  };
}

function encode(name: ParamName, v: unknown): string {
  return SCHEMA[name].type === 'bool' ? (v ? '1' : '0') : String(v);
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
  if (e.present) q.set('present', '1');
  if (e.hide.length) q.set('hide', e.hide.join(','));
  return '?' + q.toString().replace(/%2C/g, ',');
}
