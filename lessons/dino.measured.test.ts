// The DINO lesson's tables equal their run files, the runs used the page's own settings, and the
// sentences the lesson says of them hold (including the acceptance: entropy → 0 without
// centering, → log K without sharpening, in between with KL > 0 for DINO, and DINO's attention
// beating both the untrained ViT and the centred disc).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetConfig, runSpecs } from '../src/config/url';
import { LESSONS } from '.';
import { DINO_MEASURED, DISC_PRIOR, LOG_K, SEARCH } from './dino.measured';
import { expectSameSettings } from './settings';

const run = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', file), 'utf8'));
const row = (variant: string) => DINO_MEASURED.find((r) => r.variant === variant)!;
const meanOver = (history: Record<string, number>[], key: string, a: number, b: number) => {
  const xs = history.filter((h) => h.step >= a && h.step <= b).map((h) => h[key]);
  return xs.reduce((s, v) => s + v, 0) / xs.length;
};
const best = (p: { jaccard: number[] }) => Math.max(...p.jaccard);

describe('DINO lesson: measured runs', () => {
  const lesson = LESSONS.find((l) => l.id === 'dino')!;

  it('each row equals its run file, trained with the page settings of that variant', () => {
    expect(DINO_MEASURED.map((r) => r.variant)).toEqual(lesson.variants!.map((v) => v.id));
    for (const r of DINO_MEASURED) {
      const f = run(r.file);
      const plan = runSpecs({ compare: [r.variant], method: 'dino', lesson: 'dino', sweep: null }, LESSONS)[0];
      const page = { ...presetConfig('dino', lesson), ...plan.patch };
      expectSameSettings(f.config, page, r.file);
      expect(f.steps).toBe(300);
      expect(r.knn).toBeCloseTo(f.eval.knn, 3);
      expect(r.knnRandomInit).toBeCloseTo(f.eval.knnRandomInit, 3);
      expect(r.rankme).toBeCloseTo(f.eval.rankme, 2);
      const spans: [number, number][] = [[1, 10], [81, 100], [281, 300]];
      spans.forEach(([a, b], i) => {
        expect(r.entropy[i], `${r.file} entropy ${a}-${b}`).toBeCloseTo(meanOver(f.history, 'teacherEntropy', a, b), 2);
        expect(r.kl[i], `${r.file} kl ${a}-${b}`).toBeCloseTo(meanOver(f.history, 'kl', a, b), 2);
      });
      const at = (step: number) => best(f.attention.points.find((p: { step: number }) => p.step === step));
      expect(r.jaccard).toEqual([0, 50, 300].map((s) => +at(s).toFixed(3)));
      expect(f.attention.images).toBe(500);
      expect(DISC_PRIOR).toBeCloseTo(f.attention.discPrior, 3);
    }
  });

  it('shows the two collapse modes and the healthy middle', () => {
    // no centering: towards one prototype; no sharpening: towards uniform; DINO between, KL > 0
    expect(row('dino-nocenter').entropy[2]).toBeLessThan(1);
    expect(row('dino-nocenter').entropy[2]).toBeLessThan(row('dino-nocenter').entropy[0] / 4);
    expect(row('dino-nosharpen').entropy[2]).toBeGreaterThan(0.95 * LOG_K);
    expect(row('dino-nosharpen').kl[2]).toBeLessThan(0.1);
    const d = row('dino');
    expect(d.entropy[2]).toBeGreaterThan(1.5 * row('dino-nocenter').entropy[2]);
    expect(d.entropy[2]).toBeLessThan(LOG_K - 1);
    expect(d.kl[2]).toBeGreaterThan(0.5);
  });

  it("DINO's attention beats the untrained ViT and the centred disc, with every head by step 50", () => {
    const f = run('runs/dino/dino.json');
    const p50 = f.attention.points.find((p: { step: number }) => p.step === 50);
    const p0 = f.attention.points[0];
    expect(p0.step).toBe(0);
    expect(Math.min(...p50.jaccard)).toBeGreaterThan(Math.max(best(p0), DISC_PRIOR));
    expect(row('dino').jaccard[2]).toBeGreaterThan(Math.max(row('dino').jaccard[0], DISC_PRIOR) + 0.1);
    // the lesson's sentence: one untrained head leans on brightness, the other two are weak
    const sorted = [...p0.jaccard].sort((a: number, b: number) => a - b);
    expect(sorted[1]).toBeLessThan(0.2);
    // "the backbone has not followed": both collapsed runs' attention and kNN at least DINO's
    for (const v of ['dino-nocenter', 'dino-nosharpen']) {
      expect(row(v).jaccard[2]).toBeGreaterThanOrEqual(row('dino').jaccard[2]);
      expect(row(v).knn).toBeGreaterThanOrEqual(row('dino').knn);
    }
  });

  it('says what the other runs show: z loses dimensions in the collapses; no EMA loses the object, then partly finds it; no local crops does not hurt here', () => {
    for (const v of ['dino-nocenter', 'dino-nosharpen', 'dino-noema']) expect(row(v).rankme).toBeLessThan(0.7 * row('dino').rankme);
    const noema = run('runs/dino/dino-noema.json').attention.points;
    const at = (step: number) => noema.find((p: { step: number }) => p.step === step).jaccard as number[];
    expect(Math.max(...at(50))).toBeLessThan(0.05);
    expect(Math.max(...at(300))).toBeGreaterThan(DISC_PRIOR);
    expect([...at(300)].sort((a, b) => a - b)[1]).toBeLessThan(0.05);
    expect(row('dino-nolocal').jaccard[2]).toBeGreaterThan(row('dino').jaccard[2]);
    expect(row('dino-nolocal').knn).toBeGreaterThanOrEqual(row('dino').knn);
  });

  it('the settings search says what the lesson says of it', () => {
    const last = (r: (typeof SEARCH)[number]) => best(r.points![r.points!.length - 1]);
    const ran = SEARCH.filter((r) => r.points);
    const beats = (r: (typeof SEARCH)[number]) => last(r) > Math.max(best(r.points![0]), r.discPrior!);
    // busy backgrounds and negatives fail; one large shape (easy, distract) wins by step 50
    for (const r of ran.filter((r) => /clutter|mixed/.test(r.id))) expect(beats(r), r.id).toBe(false);
    for (const r of ran.filter((r) => /mixed/.test(r.id))) {
      expect(last(r)).toBeGreaterThanOrEqual(0.14);
      expect(last(r)).toBeLessThanOrEqual(0.26);
    }
    const large = ran.filter((r) => /easy|distract/.test(r.id));
    expect(large.length).toBeGreaterThanOrEqual(6);
    for (const r of large) {
      const p50 = r.points!.find((p) => p.step === 50)!;
      expect(best(p50), r.id).toBeGreaterThan(Math.max(best(r.points![0]), r.discPrior!));
      expect(beats(r), r.id).toBe(true);
    }
  });
});
