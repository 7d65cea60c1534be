// The iBOT and DINOv2 lessons' tables equal their run files, each run used its page's own
// settings, and what the lessons and the README say of them holds: iBOT against DINO at the same
// budget (kNN, attention and patch Jaccard), KoLeo on and off (spread of h, kNN), Sinkhorn-Knopp
// against centering (teacher entropy, prototypes in use, kNN).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA, type ParamName } from '../src/config/schema';
import { presetConfig, runSpecs } from '../src/config/url';
import { LESSONS } from '.';
import { MASKED_RUNS, type MaskedRow } from './masked.measured';
import { expectSameSettings } from './settings';

const file = (path: string) => JSON.parse(readFileSync(join(__dirname, '..', path), 'utf8'));
const meanOver = (history: Record<string, number>[], key: string, a: number, b: number) => {
  const xs = history.filter((h) => h.step >= a && h.step <= b).map((h) => h[key] ?? (key === 'lossCls' ? h.loss : 0));
  return xs.reduce((s, v) => s + v, 0) / xs.length;
};
const close = (a: number, b: number, label: string, tol = 1e-3) => expect(Math.abs(a - b), `${label}: ${a} vs ${b}`).toBeLessThanOrEqual(tol);
const row = (lesson: string, variant: string, seed = 1): MaskedRow => {
  const r = MASKED_RUNS.find((x) => x.lesson === lesson && x.variant === variant && x.seed === seed);
  if (!r) throw new Error(`no row ${lesson}/${variant} seed ${seed}`);
  return r;
};

describe('iBOT and DINOv2 lessons: measured runs', () => {
  it('each row equals its run file, trained with its page’s settings for that variant (and seed)', () => {
    expect(MASKED_RUNS.length).toBeGreaterThan(0);
    for (const r of MASKED_RUNS) {
      const f = file(r.file);
      const lesson = LESSONS.find((l) => l.id === r.lesson)!;
      const plan = runSpecs({ compare: [r.variant], method: lesson.method, lesson: lesson.id, sweep: null }, LESSONS)[0];
      expect(r.label).toBe(plan.title);
      expectSameSettings(f.config, { ...presetConfig(lesson.method, lesson), ...plan.patch, seed: r.seed }, r.file);
      expect(f.method).toBe(plan.method);
      expect(f.steps).toBe(300);
      close(r.knn[0], f.eval.knnRandomInit, `${r.file} knn0`);
      close(r.knn[1], f.eval.knn, `${r.file} knn`);
      close(r.rankme, f.eval.rankme, `${r.file} rankme`, 0.01);
      const best = (step: number) => Math.max(...f.attention.points.find((p: { step: number }) => p.step === step).jaccard);
      [0, 50, 300].forEach((s, i) => close(r.attention[i], best(s), `${r.file} attention ${s}`));
      [0, 300].forEach((s, i) => close(r.patchPca[i], f.patches.points.find((p: { step: number }) => p.step === s).jaccard, `${r.file} patch ${s}`));
      expect(f.attention.images).toBe(500);
      expect(f.patches.images).toBe(500);
      for (const [key, k] of [['lossCls', 'lossCls'], ['lossPatch', 'lossPatch'], ['entropy', 'teacherEntropy']] as const) {
        close(r[key][0], meanOver(f.history, k, 1, 10), `${r.file} ${key} 1-10`);
        close(r[key][1], meanOver(f.history, k, 281, 300), `${r.file} ${key} 281-300`);
      }
      close(r.prototypesInUse, f.teacher.prototypesInUse, `${r.file} prototypes`, 0.05);
      close(r.nn[0], f.spread.initial.meanNN, `${r.file} nn0`);
      close(r.nn[1], f.spread.final.meanNN, `${r.file} nn`);
      close(r.uniformityH[0], f.spread.initial.uniformity, `${r.file} u0`);
      close(r.uniformityH[1], f.spread.final.uniformity, `${r.file} u`);
      if (r.masked) {
        close(r.masked.agreement[1], f.masked.final.agreement, `${r.file} agreement`);
        close(r.masked.loss[1], f.masked.final.maskedLoss, `${r.file} masked loss`);
        close(r.masked.agreement[0], f.masked.initial.agreement, `${r.file} agreement0`);
        close(r.masked.loss[0], f.masked.initial.maskedLoss, `${r.file} masked loss0`);
      }
    }
  });

  it('every run the two pages offer was measured with seed 1 (the DINOv2 page’s DINO is the iBOT page’s: the same settings)', () => {
    const cfg = (lesson: string) => {
      const l = LESSONS.find((x) => x.id === lesson)!;
      const c = { ...presetConfig(l.method, l), ...runSpecs({ compare: ['dino'], method: l.method, lesson, sweep: null }, LESSONS)[0].patch };
      // only what DINO reads: the pages' other methods' settings (KoLeo, heads) differ and are unused
      return Object.fromEntries(Object.entries(c).filter(([k]) => SCHEMA[k as ParamName].methods?.includes('dino') ?? true));
    };
    expect(cfg('dinov2')).toEqual(cfg('ibot'));
    for (const id of ['ibot', 'dinov2']) for (const v of LESSONS.find((l) => l.id === id)!.variants!) expect(() => row(id === 'dinov2' && v.id === 'dino' ? 'ibot' : id, v.id)).not.toThrow();
  });
});
