// `npm run bench -- --startup`: each lesson page opened as a first-time visitor would (a fresh
// browser profile, so nothing remembered), with autorun. Per page: time from navigation to step 1
// (median of `loads`), and on the last load, until every run's untrained baselines are shown, steps
// per run in the first `trainSeconds` of training, and the main thread's long tasks (> 50 ms) then.
import type { Browser } from '@playwright/test';

export interface StartupRow {
  lesson: string;
  url: string;
  firstStepSeconds: number[];
  firstStepMedian: number;
  /** from navigation; null if not all shown within the watch */
  baselinesSeconds: number | null;
  trainSeconds: number;
  stepsPerRun: number;
  runs: number;
  longTasksMs: number[];
  backend: string;
  threads: number | null;
  /** main-thread JS the page had fetched when step 1 showed: bytes as served (gzip), and files */
  jsBytesAtStep1: number;
  jsFilesAtStep1: number;
}

type Lab = { __lab: { store: { getState(): { step: number; runOrder: string[]; runs: Record<string, { knnRandomInit?: number }>; backend?: { name: string; threads?: number } } } }; __long: number[] };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function startupRow(browser: Browser, base: string, lesson: string, loads: number, trainSeconds: number, log: (s: string) => void): Promise<StartupRow> {
  const url = `/?lesson=${lesson}&autorun=1`;
  const firstStep: number[] = [];
  let row: Omit<StartupRow, 'firstStepSeconds' | 'firstStepMedian'> | null = null;
  for (let load = 0; load < loads; load++) {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as Lab;
      w.__long = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
    });
    const state = () => page.evaluate(() => {
      const s = (window as unknown as Lab).__lab?.store.getState();
      const measuring = [...document.querySelectorAll('.readout-sub')].some((e) => /measuring…/.test(e.textContent ?? ''));
      return s ? { step: s.step, baselines: !measuring && s.runOrder.length > 0 && s.runOrder.every((l) => s.runs[l]?.knnRandomInit !== undefined), runs: s.runOrder.length, backend: s.backend } : null;
    });
    const tNav = Date.now();
    await page.goto(base + url);
    await page.waitForFunction(() => Number(document.querySelector('[data-metric="step"]')?.textContent ?? 0) >= 1, null, { polling: 50, timeout: 180_000 });
    const t1 = Date.now();
    firstStep.push((t1 - tNav) / 1000);
    if (load === loads - 1) {
      const js = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\.js$/.test(e.name) && !/worker/.test(e.name)).map((e) => (e as PerformanceResourceTiming).encodedBodySize));
      await page.evaluate(() => ((window as unknown as Lab).__long = []));
      const from = (await state())!.step;
      let baselines: number | null = null;
      const watchUntil = async (ms: number, stopEarly: boolean) => {
        while (Date.now() - t1 < ms && !(stopEarly && baselines !== null)) {
          const now = (await state())!;
          if (baselines === null && now.baselines) baselines = (Date.now() - tNav) / 1000;
          await page.waitForTimeout(200);
        }
      };
      // train for the window; then keep watching (up to a minute more) only for the baselines
      await watchUntil(trainSeconds * 1000, false);
      const s = (await state())!;
      const longTasksMs = await page.evaluate(() => (window as unknown as Lab).__long);
      row = { lesson, url, baselinesSeconds: null, trainSeconds, stepsPerRun: s.step - from, runs: s.runs, longTasksMs, backend: s.backend?.name ?? '?', threads: s.backend?.threads ?? null, jsBytesAtStep1: js.reduce((a, b) => a + b, 0), jsFilesAtStep1: js.length };
      await watchUntil((trainSeconds + 60) * 1000, true);
      row.baselinesSeconds = baselines;
    }
    await ctx.close();
  }
  const out = { ...row!, firstStepSeconds: firstStep, firstStepMedian: median(firstStep) };
  log(`  ${lesson}: step 1 after ${firstStep.map((x) => x.toFixed(1)).join(', ')} s; baselines ${out.baselinesSeconds?.toFixed(1) ?? '—'} s; ${out.stepsPerRun} steps per run in ${trainSeconds} s; ${out.longTasksMs.length} long tasks`);
  return out;
}

export function startupTable(rows: StartupRow[]): string {
  const f = (v: number | null, d = 1) => (v === null ? 'not in 2 min' : v.toFixed(d));
  const lines = [
    'lesson page (autorun=1, first visit) | runs | backend   | first step, s (median of loads) | baselines shown, s | steps per run while watched | long tasks > 50 ms (longest) | page JS at step 1',
    '-------------------------------------|------|-----------|--------------------------------|--------------------|-----------------------------|------------------------------|------------------',
  ];
  for (const r of rows) {
    const longest = r.longTasksMs.length ? ` (${Math.max(...r.longTasksMs).toFixed(0)} ms)` : '';
    lines.push(
      `${r.url.padEnd(36)} | ${String(r.runs).padStart(4)} | ${`${r.backend}${r.threads ? ` ×${r.threads}` : ''}`.padEnd(9)} | ${`${f(r.firstStepMedian)} (${r.firstStepSeconds.map((x) => x.toFixed(1)).join(', ')})`.padEnd(30)} | ${f(r.baselinesSeconds).padStart(18)} | ${`${r.stepsPerRun} in ${r.trainSeconds} s`.padStart(27)} | ${`${r.longTasksMs.length}${longest}`.padEnd(28)} | ${(r.jsBytesAtStep1 / 1000).toFixed(0)} kB in ${r.jsFilesAtStep1} files`,
    );
  }
  return lines.join('\n');
}

/** The home page as a first visit loads it: its main-thread JS as served (gzip), and how many files. */
export async function homePageJs(browser: Browser, base: string): Promise<{ jsBytes: number; jsFiles: number }> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(base + '/');
  await page.locator('.lesson-list a').first().waitFor();
  await page.waitForTimeout(500); // anything it would fetch after its first paint
  const js = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\.js$/.test(e.name)).map((e) => (e as PerformanceResourceTiming).encodedBodySize));
  await ctx.close();
  return { jsBytes: js.reduce((a, b) => a + b, 0), jsFiles: js.length };
}
