// A recorded run: what the training worker said to the page while a lesson's own runs trained
// (`npm run experiment -- --lesson <id> --record`), kept compact enough to ship with the lab
// (public/recordings/<lesson>.json.gz) and played back into the page by player.ts.
// Step records are stored as columns; other messages as they were sent, grouped by the step after
// which they came, their float arrays quantised to 8 bits (what a map, a bar or a point can show)
// and their numbers to 5 significant digits (what a readout shows), their integer and byte arrays
// exact, and an array several messages carry stored once.
import type { MethodId } from '../config/methods';
import { parseExperiment, runSpecs, type LessonMeta } from '../config/url';
import type { Config } from '../config/schema';
import type { StepRecord } from '../engine/trainer';
import type { RunSpec, WorkerToUi } from '../worker/protocol';

export const RECORDING_FORMAT = 'contrastive-lab-recording/1';

export interface Recording {
  format: typeof RECORDING_FORMAT;
  lesson: string;
  method: MethodId;
  /** the page's settings and runs: the lesson's own (a test holds them to the lesson's preset) */
  config: Config;
  runs: RunSpec[];
  /** YYYY-MM-DD */
  recordedOn: string;
  /** where it trained, in words (e.g. "wasm in Node, 1 thread") */
  backend: string;
  /** the lab's commit that recorded it */
  commit: string;
  /** the last step recorded */
  steps: number;
  /** per run: the step records' field names, and one row of values per step (row k: step k + 1) */
  records: Record<string, { keys: string[]; rows: unknown[][] }>;
  /** frames[k]: the other messages sent once step k was done (frame 0: before step 1), packed */
  frames: unknown[][];
  /** packed arrays that several messages carry (the same held-out images in every figure), each
   * kept once; a message refers to one as { $ref: index } */
  blobs: unknown[];
}

/** The settings a lesson page opens with: what its recording must have been made with. */
export function lessonSettings(lesson: LessonMeta, lessons: readonly LessonMeta[]): { config: Config; runs: RunSpec[] } {
  const { experiment } = parseExperiment(`?lesson=${lesson.id}`, lessons);
  return { config: experiment.config, runs: runSpecs(experiment, lessons).map((r) => ({ label: r.label, patch: r.patch, ...(r.method ? { method: r.method } : {}) })) };
}

const LEVELS = 254;

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array | Uint8ClampedArray | Uint16Array | Int16Array | Uint32Array;
const EXACT = { Int32Array, Uint8Array, Uint8ClampedArray, Uint16Array, Int16Array, Uint32Array } as const;
type ExactName = keyof typeof EXACT;

const b64 = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const unb64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** a number as a figure or readout can show it: 5 significant digits; NaN and ±∞ spelt out (JSON has none) */
function packNumber(x: number): unknown {
  if (!Number.isFinite(x)) return { $n: String(x) };
  return Number.isInteger(x) ? x : Number(x.toPrecision(5));
}

/** A message (or any part of one) in the recording's JSON form. */
export function pack(v: unknown): unknown {
  if (typeof v === 'number') return packNumber(v);
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) {
    const a = v as Typed;
    const name = a.constructor.name;
    if (name in EXACT) return { $t: name, b: b64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) };
    // floats, drawn or counted, never computed on: 8-bit steps between the array's least and greatest
    // finite value; 255 marks a non-finite one
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of a as Float32Array) if (Number.isFinite(x)) (lo = Math.min(lo, x)), (hi = Math.max(hi, x));
    if (lo > hi) (lo = 0), (hi = 0);
    const q = new Uint8Array(a.length);
    const scale = hi > lo ? LEVELS / (hi - lo) : 0;
    for (let i = 0; i < a.length; i++) q[i] = Number.isFinite(a[i]) ? Math.round((a[i] - lo) * scale) : 255;
    return { $t: name === 'Float64Array' ? 'Float64Array' : 'Float32Array', lo: packNumber(lo), hi: packNumber(hi), q8: b64(q) };
  }
  if (Array.isArray(v)) return v.map(pack);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pack(x)]));
}

/** The message back from its JSON form (quantised floats as the nearest of their 255 steps; `blobs`: the recording's shared arrays). */
export function unpack(v: unknown, blobs: readonly unknown[] = []): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => unpack(x, blobs));
  const o = v as Record<string, unknown>;
  if (typeof o.$n === 'string') return Number(o.$n);
  if (typeof o.$ref === 'number') return unpack(blobs[o.$ref], blobs);
  if (typeof o.$t === 'string' && typeof o.b === 'string' && o.$t in EXACT) {
    const bytes = unb64(o.b);
    const Ctor = EXACT[o.$t as ExactName];
    return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
  }
  if ((o.$t === 'Float32Array' || o.$t === 'Float64Array') && typeof o.q8 === 'string') {
    const q = unb64(o.q8);
    const out = o.$t === 'Float64Array' ? new Float64Array(q.length) : new Float32Array(q.length);
    const lo = unpack(o.lo) as number;
    const step = ((unpack(o.hi) as number) - lo) / LEVELS;
    for (let i = 0; i < q.length; i++) out[i] = q[i] === 255 ? NaN : lo + q[i] * step;
    return out;
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unpack(x, blobs)]));
}

/** A run's step record k (step k + 1) back from its columns. */
export function recordAt(cols: { keys: string[]; rows: unknown[][] }, k: number): StepRecord | null {
  const row = cols.rows[k];
  if (!row) return null;
  return Object.fromEntries(cols.keys.map((key, i) => [key, unpack(row[i]) as number])) as StepRecord;
}

/** What is wrong with a file that claims to be a recording, or [] (the page refuses one with problems). */
export function recordingProblems(r: unknown): string[] {
  if (!r || typeof r !== 'object') return ['not a JSON object'];
  const o = r as Partial<Recording>;
  const out: string[] = [];
  if (o.format !== RECORDING_FORMAT) out.push(`format is ${JSON.stringify(o.format)}, not ${RECORDING_FORMAT}`);
  if (!Array.isArray(o.frames) || !o.frames.every(Array.isArray)) out.push('frames is not a list of lists');
  if (!Array.isArray(o.runs) || !o.runs.length) out.push('runs is missing');
  if (!Array.isArray(o.blobs)) out.push('blobs is missing');
  if (!o.records || typeof o.records !== 'object') out.push('records is missing');
  else for (const run of o.runs ?? []) if (!o.records[run.label]) out.push(`run ${run.label} has no step records`);
  if (!Number.isInteger(o.steps) || (o.steps ?? 0) < 1) out.push('steps is not a whole number ≥ 1');
  else if (Array.isArray(o.frames) && o.frames.length !== o.steps! + 1) out.push(`${o.frames.length} frames for ${o.steps} steps (one per step, and one before)`);
  if (typeof o.recordedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(o.recordedOn)) out.push('recordedOn is not a date');
  return out;
}

/** Frame k's messages as the page receives them. */
export function frameMessages(r: Recording, k: number): WorkerToUi[] {
  return (r.frames[k] ?? []).map((m) => unpack(m, r.blobs ?? []) as WorkerToUi);
}

/** A packed message with every large array it shares with an earlier one replaced by a reference into `blobs`. */
export function shareBlobs(packed: unknown, blobs: unknown[], index: Map<string, number>, minChars = 1000): unknown {
  if (packed === null || typeof packed !== 'object') return packed;
  if (Array.isArray(packed)) return packed.map((x) => shareBlobs(x, blobs, index, minChars));
  const o = packed as Record<string, unknown>;
  const body = typeof o.b === 'string' ? o.b : typeof o.q8 === 'string' ? o.q8 : null;
  if (typeof o.$t === 'string' && body !== null && body.length >= minChars) {
    const key = JSON.stringify(o);
    let i = index.get(key);
    if (i === undefined) index.set(key, (i = blobs.push(o) - 1));
    return { $ref: i };
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, shareBlobs(x, blobs, index, minChars)]));
}
