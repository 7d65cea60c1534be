// Reading run files (INTERFACES §3, written by `npm run experiment` and `npm run bench`) for the
// tables: the one place that knows where a number lives in a file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

// a run file is free-form JSON; each table reads the fields it names
export type Run = any;

const cache = new Map<string, Run>();
export function run(file: string): Run {
  if (!cache.has(file)) cache.set(file, JSON.parse(readFileSync(join(ROOT, file), 'utf8')));
  return cache.get(file);
}

/** Round to d decimals (as a number, so JSON keeps it short). */
export const r = (x: number, d: number) => +x.toFixed(d);

/** Mean of a step record's key over steps a…b (a DINO run's [CLS] loss is its loss). */
export function meanOver(history: Record<string, number>[], key: string, a: number, b: number): number {
  const xs = history.filter((h) => h.step >= a && h.step <= b).map((h) => h[key] ?? (key === 'lossCls' ? h.loss : 0));
  return xs.reduce((s, v) => s + v, 0) / xs.length;
}

/** Mean of the last n steps' key. */
export const meanLast = (history: Record<string, number>[], key: string, n: number) => history.slice(-n).reduce((a, h) => a + h[key], 0) / n;

/** The best head's attention Jaccard at a step of an --attention run. */
export const bestAttention = (f: Run, step: number) => Math.max(...f.attention.points.find((p: { step: number }) => p.step === step).jaccard);
