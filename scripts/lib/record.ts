// `npm run experiment -- --lesson <id> --record` and `npm run record`: a lesson page's own runs
// trained by the worker's Runner in Node to the step budget, with the reports its widgets watch;
// what the Runner said, kept as a recording (src/bridge/recording.ts) under public/recordings/<lesson>.json.gz.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type { LessonMeta } from '../../src/config/url';
import { lessonSettings, pack, RECORDING_FORMAT, shareBlobs, type Recording } from '../../src/bridge/recording';
import { REPORTS, WATCHES, type ReportName, type Watch } from '../../src/engine/reports';
import type { StepRecord } from '../../src/engine/trainer';
import type { WorkerToUi } from '../../src/worker/protocol';
import { Runner } from '../../src/worker/runner';
import { nodeBytes } from '../node-env';

/** a periodic figure is kept at most this many times per run (the page draws the latest) */
const PERIODIC_KEPT = 20;

export const recordingPath = (lesson: string) => `public/recordings/${lesson}.json.gz`;

const widgetFile = (name: string) => new URL(`../../src/ui/widgets/${name}.tsx`, import.meta.url);

/**
 * The reports a lesson page watches, read off its source: the widgets its MDX places, and the
 * widgets those draw inside them, each asking for what it draws (`watch('…')`). A panel's default
 * contents (a widget imported to draw when the lesson gives the panel no children) count only where
 * the lesson's tag is self-closing.
 */
export function pageWatches(lesson: string): Watch[] {
  return pageWidgets(lesson).watches;
}

/** The widgets a lesson page draws (as pageWatches reads them) and the reports they watch. */
export function pageWidgets(lesson: string): { widgets: Set<string>; watches: Watch[] } {
  const mdx = readFileSync(new URL(`../../lessons/${lesson}.mdx`, import.meta.url), 'utf8');
  const found = new Set<Watch>();
  const seen = new Set<string>();
  const visit = (name: string, withDefaults: boolean) => {
    if (seen.has(name) || !existsSync(widgetFile(name))) return;
    seen.add(name);
    const src = readFileSync(widgetFile(name), 'utf8');
    for (const m of src.matchAll(/\bwatch\('(\w+)'\)/g)) if ((WATCHES as string[]).includes(m[1])) found.add(m[1] as Watch);
    // a widget drawn only as a default child: `{children ?? (<>…</>)}`
    const defaults = new Set([...(src.match(/children \?\? \(([\s\S]*?)\)\}/)?.[1] ?? '').matchAll(/<([A-Z]\w*)/g)].map((x) => x[1]));
    for (const m of src.matchAll(/import \{ (\w+) \} from '\.\/(\w+)'/g)) if (withDefaults || !defaults.has(m[1])) visit(m[2], false);
  };
  for (const m of mdx.matchAll(/<([A-Z]\w*)([^>]*?)(\/?)>/g)) visit(m[1], m[3] === '/');
  return { widgets: seen, watches: [...found].sort() };
}

/** Widgets that draw a report's bulky field: where a page has none of them, its recording leaves the field empty. */
const BULKY: Record<string, { field: string; drawnBy: string[] }> = {
  // the geometry report's raw outputs (256 images' z): the collapse gauges need only its numbers
  geometry: { field: 'z', drawnBy: ['SimilarityMatrix', 'SphereView'] },
};

const wasmDir = () => dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';

function commit(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    return execSync('git status --porcelain -- src', { encoding: 'utf8' }).trim() ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

export async function recordLesson(lesson: LessonMeta, lessons: readonly LessonMeta[], log: (s: string) => void): Promise<{ file: string; bytes: number; recording: Recording }> {
  const { config, runs } = lessonSettings(lesson, lessons);
  const { watches, widgets } = pageWidgets(lesson.id);
  const unused = (type: string) => BULKY[type] && !BULKY[type].drawnBy.some((w) => widgets.has(w));
  const labels = runs.map((r) => r.label);
  const records: Recording['records'] = Object.fromEntries(labels.map((l) => [l, { keys: [] as string[], rows: [] as unknown[][] }]));
  const frames: unknown[][] = [[]];
  const lastStep = Object.fromEntries(labels.map((l) => [l, 0]));
  /** the step after which the messages now arriving come: every run has finished it */
  const frame = () => Math.min(...labels.map((l) => lastStep[l]));
  const kept = new Map<string, number>();
  const blobs: unknown[] = [];
  const blobIndex = new Map<string, number>();
  const gap = Math.max(1, Math.round(config.steps / PERIODIC_KEPT));
  let backend = '';
  let done = false;
  let failed: string | null = null;

  const take = (m: WorkerToUi) => {
    if (m.type === 'steps') {
      for (const [label, recs] of Object.entries(m.records) as [string, StepRecord[]][])
        for (const r of recs) {
          const cols = records[label];
          if (!cols.keys.length) cols.keys = Object.keys(r);
          cols.rows.push(cols.keys.map((k) => pack(r[k])));
          lastStep[label] = r.step;
        }
      while (frames.length <= frame()) frames.push([]);
      return;
    }
    if (m.type === 'status') {
      if (m.status === 'error') failed = m.message ?? 'the run failed';
      if (m.status === 'paused' && frame() >= config.steps) done = true;
      return; // the player says what it is doing itself
    }
    if (m.type === 'error') failed = m.message;
    if (m.type === 'backend') return;
    if (m.type === 'ready') backend = `${m.backend.name}${m.backend.threads ? `, ${m.backend.threads} thread${m.backend.threads > 1 ? 's' : ''}` : ''}, in Node`;
    const report = m.type in REPORTS ? (m as { type: ReportName; run?: string; step: number }) : null;
    // a report belongs after the step it measured (the worker may send it before that step's records)
    const at = Math.max(frame(), report?.step ?? 0);
    while (frames.length <= at) frames.push([]);
    const f = frames[at];
    if (m.type === 'memory') {
      // one reading per step is all a readout shows
      const i = f.findIndex((x) => (x as { type: string }).type === 'memory');
      if (i >= 0) f.splice(i, 1);
    }
    // the augmentation preview (a new batch's images every few steps, the largest message by far):
    // the first only
    if (report && REPORTS[report.type].schedule.kind === 'steps' && report.step > 1) return;
    if (report && REPORTS[report.type].schedule.kind === 'periodic' && report.step > 0) {
      // a periodic figure, thinned by steps (the worker sends it by the clock)
      const key = `${report.type}/${report.run}`;
      if (report.step < config.steps && report.step - (kept.get(key) ?? -Infinity) < gap) return;
      kept.set(key, report.step);
    }
    const trimmed = unused(m.type) ? { ...m, [BULKY[m.type].field]: new Float32Array(0) } : m;
    f.push(shareBlobs(pack(trimmed), blobs, blobIndex));
  };

  const runner = new Runner(take, { bytes: nodeBytes, wasmPaths: wasmDir() });
  const t0 = performance.now();
  await runner.handle({ type: 'init', method: lesson.method, config, backend: 'wasm', runs, threads: null });
  for (const what of watches) await runner.handle({ type: 'watch', what, on: true });
  log(`  ${lesson.id}: ${runs.length} run${runs.length > 1 ? 's' : ''} to step ${config.steps}, watching ${watches.join(', ') || 'no optional report'}\n`);
  await runner.handle({ type: 'play' });
  let shown = 0;
  while (!done && !failed) {
    await new Promise((r) => setTimeout(r, 200));
    if (frame() - shown >= 25) log(`  ${lesson.id}: step ${(shown = frame())} of ${config.steps}, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  await runner.handle({ type: 'pause' });
  if (failed) throw new Error(`${lesson.id}: ${failed}`);
  const recording: Recording = {
    format: RECORDING_FORMAT,
    lesson: lesson.id,
    method: lesson.method,
    config,
    runs,
    recordedOn: new Date().toISOString().slice(0, 10),
    backend,
    commit: commit(),
    steps: config.steps,
    records,
    frames: frames.slice(0, config.steps + 1),
    blobs,
  };
  const file = recordingPath(lesson.id);
  const text = JSON.stringify(recording);
  // shipped gzipped, as MNIST is (the player inflates it as it arrives)
  const gz = gzipSync(text, { level: 9 });
  await writeFile(file, gz);
  log(`  ${lesson.id}: ${config.steps} steps of ${runs.length} run${runs.length > 1 ? 's' : ''} in ${((performance.now() - t0) / 1000).toFixed(0)} s → ${file} (${(gz.length / 1000).toFixed(0)} kB; ${(text.length / 1000).toFixed(0)} kB of JSON)\n`);
  return { file, bytes: gz.length, recording };
}
