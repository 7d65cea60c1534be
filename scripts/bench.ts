// npm run bench [-- flags] (--help lists them)
// Builds the lab, serves it on loopback, and runs bench.html in headless Chromium: one fresh
// worker per backend. Reports; never fails on speed.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { METHOD_IDS } from '../src/config/methods';
import { LESSONS } from '../lessons/index';
import { homePageJs, startupRow, startupTable, type StartupRow } from './lib/bench/startup';
import { oneOf, parseOrExit, type Cli } from './lib/cli';

const BACKENDS = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;
const PAGES = ['simclr', 'temperature', 'dino', 'ibot', 'dinov2'] as const;

const CLI: Cli = {
  command: 'npm run bench --',
  summary: 'Builds the lab, serves it on loopback and times training steps in headless Chromium (one fresh worker per backend and method), then watches lesson pages while they train. Reports; never fails on speed.',
  flags: [
    { name: 'backends', value: 'a,b', help: `backends to time, of ${BACKENDS.join(', ')} (default all)` },
    { name: 'methods', value: 'a,b', help: 'methods to time (default: every method on the first backend, SimCLR on the others)' },
    { name: 'batch', value: 'N', int: true, help: 'batch size (default: each method’s preset)' },
    { name: 'steps', value: 'N', int: true, help: 'timed steps per method (default 10)' },
    { name: 'pages', value: 'a,b', help: `lesson pages to watch, of ${PAGES.join(', ')} (default simclr,temperature,dino)` },
    { name: 'threads', value: 'a,b', help: 'wasm thread counts to time each method with (default: 1 and one per core)' },
    { name: 'startup', help: 'instead: open each lesson page as a first-time visitor (autorun=1) and report time to step 1, to the untrained baselines, steps per run and long tasks' },
    { name: 'lessons', value: 'a,b', help: `with --startup: the lessons to open, of ${LESSONS.map((l) => l.id).join(', ')} (default all)` },
    { name: 'loads', value: 'N', int: true, help: 'with --startup: page loads per lesson for the first-step median (default 3)' },
    { name: 'seconds', value: 'N', int: true, help: 'with --startup: seconds of training watched on the last load (default 60)' },
    { name: 'out', value: 'file.json', help: 'where to write the results (default runs/bench.json, with --startup runs/bench-startup.json)' },
    { name: 'port', value: 'N', int: true, help: 'loopback port for the preview server (default 4391)' },
  ],
};
const list = (flag: string, v: string, allowed: readonly string[]) => v.split(',').map((x) => oneOf(`--${flag}`, x, allowed)).join(',');
const opts = parseOrExit(CLI, process.argv.slice(2), ({ flags: f }) => {
  const opt = (name: string, def: string) => (f[name] as string | undefined) ?? def;
  return {
    backends: list('backends', opt('backends', BACKENDS.join(',')), BACKENDS),
    batch: opt('batch', ''),
    steps: opt('steps', '10'),
    methods: f.methods === undefined ? '' : list('methods', opt('methods', ''), METHOD_IDS),
    pages: list('pages', opt('pages', 'simclr,temperature,dino'), PAGES).split(','),
    threads: f.threads === undefined ? null : String(f.threads).split(',').map((x) => String(Number(oneOf('--threads', x, ['1', '2', '3', '4', '5', '6', '7', '8'])))).join(','),
    startup: f.startup === true,
    lessons: list('lessons', opt('lessons', LESSONS.map((l) => l.id).join(',')), LESSONS.map((l) => l.id)).split(','),
    loads: Math.max(1, Number(opt('loads', '3'))),
    seconds: Math.max(5, Number(opt('seconds', '60'))),
    outFile: opt('out', f.startup === true ? 'runs/bench-startup.json' : 'runs/bench.json'),
    port: Number(opt('port', '4391')),
  };
});
const { backends, batch, steps, methods, pages, outFile, port, threads, startup, lessons, loads, seconds } = opts;
const root = join(dirname(new URL(import.meta.url).pathname), '..');

const sh = (cmd: string, a: string[]) =>
  new Promise<void>((res, rej) => spawn(cmd, a, { cwd: root, stdio: 'inherit' }).on('exit', (c) => (c === 0 ? res() : rej(new Error(`${cmd} failed`)))));

await sh('npx', ['vite', 'build', '--logLevel', 'warn']);
// the main-thread bundle: every JS chunk the page loads except the workers' (which hold tfjs)
const assets = join(root, 'dist', 'assets');
const mainJs = readdirSync(assets).filter((f) => f.endsWith('.js') && !/worker/.test(f) && !f.startsWith('bench'));
const mainBytes = mainJs.map((f) => readFileSync(join(assets, f)));
const mainGzip = mainBytes.reduce((a, b) => a + gzipSync(b).length, 0);

const server = spawn('npx', ['vite', 'preview', '--strictPort', '--port', String(port), '--host', '127.0.0.1'], { cwd: root, stdio: 'ignore', detached: true });
try {
  await new Promise((r) => setTimeout(r, 2500));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--enable-unsafe-webgpu', '--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
  if (startup) {
    const survey: StartupRow[] = [];
    console.error(`Opening ${lessons.length} lesson pages, ${loads} loads each, ${seconds} s of training watched on the last…`);
    for (const id of lessons) survey.push(await startupRow(browser, `http://127.0.0.1:${port}`, id, loads, seconds, (l) => console.error(l)));
    const homePage = await homePageJs(browser, `http://127.0.0.1:${port}`);
    const chrome = browser.version();
    await browser.close();
    console.log(`\nLesson pages as a first visit opens them, Chromium ${chrome}, ${loads} loads each; on the last, ${seconds} s of training from step 1\n`);
    console.log(startupTable(survey));
    console.log(`home page JS as served: ${(homePage.jsBytes / 1000).toFixed(0)} kB in ${homePage.jsFiles} files`);
    console.log(`main-thread JS (no tfjs): ${(mainGzip / 1024).toFixed(0)} kB gzip in ${mainJs.length} chunks`);
    mkdirSync(dirname(resolve(root, outFile)), { recursive: true });
    writeFileSync(resolve(root, outFile), JSON.stringify({ date: new Date().toISOString(), chrome, kind: 'startup', loads, seconds, mainThreadJsGzipBytes: mainGzip, homePage, lessons: survey }, null, 1));
    console.log(`wrote ${outFile}`);
    process.kill(-server.pid!);
    process.exit(0);
  }
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`http://127.0.0.1:${port}/bench.html?backends=${backends}${batch ? `&batch=${batch}` : ''}&steps=${steps}${methods ? `&methods=${methods}` : ''}${threads ? `&threads=${threads}` : `&threads=1,${Math.min(8, cpus().length)}`}`);
  const started = Date.now();
  let rows: Record<string, unknown>[] = [];
  for (;;) {
    const b = (await page.evaluate(() => (window as unknown as { __bench?: { done: boolean; rows: Record<string, unknown>[] } }).__bench)) ?? { done: false, rows: [] };
    if (b.rows.length > rows.length) {
      for (const r of b.rows.slice(rows.length)) console.error(`  ${r.method} on ${r.backend}${r.threads ? ` ×${r.threads}` : ''}: ${r.error ?? `${Number(r.stepMsMedian).toFixed(0)} ms/step`}`);
      rows = b.rows;
    }
    if (b.done) break;
    if (Date.now() - started > 30 * 60_000) throw new Error('benchmark took over 30 minutes');
    await new Promise((r) => setTimeout(r, 1000));
  }
  // the lesson pages themselves while they train: long tasks on the main thread (React, charts, canvas)
  const watchPage = async (url: string, until: (step: number, elapsedMs: number) => boolean) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
    });
    const tNav = Date.now();
    await page.goto(`http://127.0.0.1:${port}${url}`);
    const readStep = () => page.evaluate(() => Number(document.querySelector('[data-metric="step"]')?.textContent ?? 0));
    // from the first step on: model building and the first evaluation are not the page's doing
    while ((await readStep()) < 1) await page.waitForTimeout(250);
    await page.evaluate(() => ((window as unknown as { __long: number[] }).__long = []));
    const from = await readStep();
    const t0 = Date.now();
    const startupSeconds = (t0 - tNav) / 1000;
    while (!until((await readStep()) - from, Date.now() - t0)) await page.waitForTimeout(500);
    const longTasks = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
    const steps = (await readStep()) - from;
    const seconds = (Date.now() - t0) / 1000;
    return { page, steps, seconds, longTasks, startupSeconds };
  };
  const none = { steps: 0, seconds: 0, longTasks: [] as number[], startupSeconds: 0 };
  let single = none;
  if (pages.includes('simclr')) {
    const w = await watchPage(`/?lesson=simclr&autorun=1&backend=wasm&batchSize=${batch || 128}`, (n, ms) => n >= 60 || ms > 120_000);
    await w.page.close();
    single = w;
  }
  const lessonLong = single.longTasks;
  const lessonSteps = single.steps;
  // the temperature lesson's τ-sweep preset: five models on one clock for a minute from the first
  // step; how far apart are they by then? (uniformity of each run's held-out views, latest report)
  const sweepUrl = '/?lesson=temperature&sweep=temperature:0.05,0.1,0.2,0.5,1&batchSize=32&autorun=1&backend=wasm';
  let sweep = none;
  let sweepRuns: Record<string, unknown>[] = [];
  if (pages.includes('temperature')) {
    const w = await watchPage(sweepUrl, (_, ms) => ms >= 60_000);
    sweepRuns = await w.page.evaluate(() => {
      const st = (window as unknown as { __lab: { store: { getState(): { runOrder: string[]; runs: Record<string, { geometry?: { step: number; uniformity: number; alignment: number } }> } } } }).__lab.store.getState();
      return st.runOrder.map((label) => ({ label, ...st.runs[label].geometry }));
    });
    await w.page.close();
    sweep = w;
  }
  // the DINO lesson as it opens: three ViT runs, attention maps, teacher reports, for two minutes
  const dinoUrl = '/?lesson=dino&autorun=1&backend=wasm';
  let dino = none;
  let dinoRuns: Record<string, unknown>[] = [];
  if (pages.includes('dino')) {
    const w = await watchPage(dinoUrl, (_, ms) => ms >= 120_000);
    dinoRuns = await w.page.evaluate(() => {
      type Run = { history: { step: number; teacherEntropy: number; kl: number }[]; attention?: { step: number; jaccard: number[] | null } };
      const st = (window as unknown as { __lab: { store: { getState(): { runOrder: string[]; runs: Record<string, Run> } } } }).__lab.store.getState();
      return st.runOrder.map((label) => {
        const r = st.runs[label];
        const last = r.history[r.history.length - 1];
        return { label, step: last?.step, teacherEntropy: last?.teacherEntropy, kl: last?.kl, attentionStep: r.attention?.step, jaccard: r.attention?.jaccard ? Math.max(...r.attention.jaccard) : null };
      });
    });
    await w.page.close();
    dino = w;
  }
  // the iBOT and DINOv2 lessons as they open: two ViT runs each, with their patch-level figures
  const lessonPages: Record<string, { url: string; startupSeconds: number; seconds: number; steps: number; longTasksMs: number[]; runs: Record<string, unknown>[] }> = {};
  for (const id of ['ibot', 'dinov2'].filter((p) => pages.includes(p))) {
    const url = `/?lesson=${id}&autorun=1&backend=wasm`;
    const w = await watchPage(url, (_, ms) => ms >= 120_000);
    const runs = await w.page.evaluate(() => {
      type Run = { history: Record<string, number>[]; patches?: { step: number; jaccard: number | null }; masked?: { agreement: number; maskedLoss: number }; spread?: { meanNN: number } };
      const st = (window as unknown as { __lab: { store: { getState(): { runOrder: string[]; runs: Record<string, Run> } } } }).__lab.store.getState();
      return st.runOrder.map((label) => {
        const r = st.runs[label];
        const last = r.history[r.history.length - 1];
        return { label, step: last?.step, loss: last?.loss, lossPatch: last?.lossPatch, patchJaccard: r.patches?.jaccard, patchStep: r.patches?.step, maskedAgreement: r.masked?.agreement, meanNN: r.spread?.meanNN };
      });
    });
    await w.page.close();
    lessonPages[id] = { url, startupSeconds: w.startupSeconds, seconds: w.seconds, steps: w.steps, longTasksMs: w.longTasks, runs };
  }
  const chromeVersion = browser.version();
  await browser.close();

  const f = (v: unknown, d = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '—');
  console.log(`\nTraining step per method preset (its backbone, heads, crops and batch${batch ? `, batch forced to ${batch}` : ''}), Chromium ${chromeVersion}, ${steps} timed steps after 3 warm-up`);
  console.log('method  | backend  | adapter                 | batch | ms/step (median) | GFLOP/step | GFLOP/s | matmul 2048² GFLOP/s | % of matmul | long tasks >50 ms | numTensors before → after');
  console.log('--------|----------|-------------------------|-------|------------------|------------|---------|----------------------|-------------|-------------------|--------------------------');
  for (const r of rows) {
    if (r.error) {
      console.log(`${String(r.method).padEnd(7)} | ${String(r.backend).padEnd(8)} | unavailable: ${r.error}`);
      continue;
    }
    const adapter = `${r.adapter}${r.software ? ' (software)' : ''}`.slice(0, 23);
    console.log(
      `${String(r.method).padEnd(7)} | ${`${r.backend}${r.threads ? ` ×${r.threads}` : ''}`.padEnd(8)} | ${adapter.padEnd(23)} | ${String(r.batch).padStart(5)} | ${f(r.stepMsMedian, 0).padStart(16)} | ${f(Number(r.flopsPerStep) / 1e9, 2).padStart(10)} | ${f(r.gflops, 2).padStart(7)} | ${f(r.matmulGflops, 1).padStart(20)} | ${f(100 * Number(r.fractionOfMatmul), 0).padStart(10)}% | ${String(r.longTasks).padStart(17)} | ${r.numTensorsBefore} → ${r.numTensorsAfter}`,
    );
  }
  const longest = (l: number[]) => (l.length ? ` (longest ${Math.max(...l).toFixed(0)} ms)` : '');
  if (pages.includes('simclr')) console.log(`\nlesson page training on wasm for ${lessonSteps} steps: ${lessonLong.length} main-thread long tasks > 50 ms${longest(lessonLong)}`);
  if (pages.includes('temperature')) {
    console.log(`τ-sweep preset (5 runs, batch 32) for ${sweep.seconds.toFixed(0)} s from its first step (which came ${sweep.startupSeconds.toFixed(0)} s after opening the page): ${sweep.steps} steps per run, ${sweep.longTasks.length} main-thread long tasks > 50 ms${longest(sweep.longTasks)}`);
    for (const r of sweepRuns) console.log(`  ${String(r.label).padEnd(18)} step ${r.step}: uniformity ${f(r.uniformity, 3)}, alignment ${f(r.alignment, 3)}`);
  }
  if (pages.includes('dino')) {
    console.log(`DINO lesson (3 ViT runs, its preset) for ${dino.seconds.toFixed(0)} s from its first step (which came ${dino.startupSeconds.toFixed(0)} s after opening the page): ${dino.steps} steps per run, ${dino.longTasks.length} main-thread long tasks > 50 ms${longest(dino.longTasks)}`);
    for (const r of dinoRuns) console.log(`  ${String(r.label).padEnd(15)} step ${r.step}: teacher entropy ${f(r.teacherEntropy, 2)}, KL ${f(r.kl, 2)}, attention Jaccard ${f(r.jaccard, 3)} (step ${r.attentionStep})`);
  }
  for (const [id, l] of Object.entries(lessonPages)) {
    console.log(`${id} lesson (2 ViT runs, its preset) for ${l.seconds.toFixed(0)} s from its first step (which came ${l.startupSeconds.toFixed(0)} s after opening the page): ${l.steps} steps per run, ${l.longTasksMs.length} main-thread long tasks > 50 ms${longest(l.longTasksMs)}`);
    for (const r of l.runs) console.log(`  ${String(r.label).padEnd(15)} step ${r.step}: loss ${f(r.loss, 3)}, patch-PCA Jaccard ${f(r.patchJaccard, 3)} (step ${r.patchStep}), nearest neighbour ${f(r.meanNN, 3)}`);
  }
  console.log(`main-thread JS (no tfjs): ${(mainGzip / 1024).toFixed(0)} kB gzip in ${mainJs.length} chunks`);
  mkdirSync(dirname(resolve(root, outFile)), { recursive: true });
  writeFileSync(resolve(root, outFile), JSON.stringify({ date: new Date().toISOString(), chrome: chromeVersion, batch: batch ? Number(batch) : 'preset', steps: Number(steps), mainThreadJsGzipBytes: mainGzip, lessonPage: { steps: lessonSteps, longTasksMs: lessonLong }, sweepPage: { url: sweepUrl, startupSeconds: sweep.startupSeconds, seconds: sweep.seconds, steps: sweep.steps, longTasksMs: sweep.longTasks, runs: sweepRuns }, dinoPage: { url: dinoUrl, startupSeconds: dino.startupSeconds, seconds: dino.seconds, steps: dino.steps, longTasksMs: dino.longTasks, runs: dinoRuns }, lessonPages, pages, rows }, null, 1));
  console.log(`wrote ${outFile}`);
} finally {
  process.kill(-server.pid!);
}
