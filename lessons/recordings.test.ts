// Every lesson's recorded run (public/recordings/<id>.json.gz, `npm run record`) is of exactly the
// settings the lesson page opens with: a preset or a default that changed makes its recording fail here.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { frameMessages, lessonSettings, recordingProblems, type Recording } from '../src/bridge/recording';
import { LESSONS } from './index';

const file = (id: string) => new URL(`../public/recordings/${id}.json.gz`, import.meta.url);
const read = (id: string) => JSON.parse(gunzipSync(readFileSync(file(id))).toString('utf8')) as Recording;
/** the bound: a few hundred kB at most per lesson, as shipped */
const MAX_BYTES = 400_000;

describe.each(LESSONS.map((l) => [l.id, l] as const))('the recorded run of %s', (id, lesson) => {
  it('exists, is a recording, and is of the page’s own settings and runs, to its step budget', () => {
    expect(existsSync(file(id)), `public/recordings/${id}.json.gz: run npm run record -- --lessons ${id}`).toBe(true);
    const rec = read(id);
    expect(recordingProblems(rec)).toEqual([]);
    const own = lessonSettings(lesson, LESSONS);
    expect(rec.lesson).toBe(id);
    expect(rec.method).toBe(lesson.method);
    expect(rec.config).toEqual(own.config);
    expect(rec.runs).toEqual(own.runs);
    expect(rec.steps).toBe(own.config.steps);
    for (const run of own.runs) expect(rec.records[run.label].rows.length, run.label).toBe(rec.steps);
    expect(statSync(file(id)).size).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('holds what the page shows: its evaluations of every run, the untrained baselines among them', () => {
    const rec = read(id);
    const evals = rec.frames.flatMap((_, k) => frameMessages(rec, k)).filter((m) => m.type === 'eval') as { run: string; initial?: boolean; record: { step: number } }[];
    for (const run of rec.runs) {
      const mine = evals.filter((e) => e.run === run.label);
      expect(mine.some((e) => e.initial), `${run.label}: untrained evaluation`).toBe(true);
      expect(mine.some((e) => e.record.step === rec.steps), `${run.label}: evaluation at the last step`).toBe(true);
    }
  });
});
