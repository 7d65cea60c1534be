import { expect, test } from '@playwright/test';
import { labState, metric, waitForMetric } from './helpers';

// The DINO lesson's recorded run (public/recordings/dino.json.gz): what the page shows comes from the
// recording, at the chosen speed, and a setting changed goes back to live training.
test('?lesson=dino&recorded=1 plays the recording: the step advances, the attention grid and the entropy curves draw from it, the badge says recorded', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/?lesson=dino&recorded=1&autorun=1');
  await expect(metric(page, 'backend')).toHaveText('recorded');
  await expect(page.locator('.badge.recorded')).toContainText(/on \d{4}-\d{2}-\d{2}, wasm/);
  await expect(page.locator('.recorded-run')).toContainText('Recorded run, recorded on');
  expect(await labState<string[]>(page, 's.runOrder')).toEqual(['dino', 'dino-nocenter', 'dino-nosharpen']);
  await page.getByLabel('Speed').selectOption('25');
  await waitForMetric(page, 'step', (s) => s >= 60, 30_000);

  // the curves hold the recording's own numbers, step for step
  const rec = await page.evaluate(async () => {
    const bytes = new Uint8Array(await (await fetch('/recordings/dino.json.gz')).arrayBuffer());
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b; // (unless the host inflated it)
    return JSON.parse(gz ? await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text() : new TextDecoder().decode(bytes));
  });
  const col = (run: string, key: string) => rec.records[run].rows.map((row: number[]) => row[rec.records[run].keys.indexOf(key)]);
  const shown = await labState<{ step: number; teacherEntropy: number }[]>(page, 's.runs["dino-nocenter"].history.slice(0, 40)');
  expect(shown.map((r) => r.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  expect(shown.map((r) => r.teacherEntropy)).toEqual(col('dino-nocenter', 'teacherEntropy').slice(0, 40));
  const chart = page.locator('figure[data-chart="teacherEntropy"] .lite-chart');
  await expect(chart).toHaveAttribute('data-series', '3');
  await expect.poll(async () => (await chart.getAttribute('data-points'))!.split(',').map(Number).every((n) => n >= 40)).toBe(true);

  // the attention grid draws the recording's maps: its peaks are the maps' argmax
  const grid = page.locator('figure.attention');
  await expect(grid.locator('canvas')).toHaveCount(12);
  await expect.poll(() => labState<number>(page, 's.runs.dino.attention?.step ?? 0')).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(metric(page, 'status')).toHaveText('paused');
  const peaks = await labState<number[]>(page, `(() => { const a = s.runs.dino.attention; const p = a.grid * a.grid; return Array.from({ length: a.n }, (_, i) => { const m = Array.from(a.maps.slice(i * a.heads * p, (i * a.heads + 1) * p)); return m.indexOf(Math.max(...m)); }); })()`);
  await expect(grid).toHaveAttribute('data-peaks', peaks.join(','));
  const step = await labState<number>(page, 's.step');

  // one step at a time, as live
  await page.getByRole('button', { name: 'Train one step' }).click();
  await expect(metric(page, 'step')).toHaveText(String(step + 1));
  // nothing trained: the page never loaded the training worker or a wasm binary, and nothing left the origin
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  expect(loaded.filter((u) => /training\.worker|\.wasm$/.test(u))).toEqual([]);
  expect(requests.every((u) => new URL(u).origin === new URL(page.url()).origin)).toBe(true);

  // a setting changed: the page trains live, with a notice, and the URL no longer says recorded
  await page.getByRole('button', { name: 'Train live instead' }).click();
  await expect(page.locator('.recorded-run')).toHaveAttribute('data-mode', 'live');
  await expect.poll(() => page.url()).not.toContain('recorded=1');
  await expect(metric(page, 'backend')).toHaveText(/^(wasm|webgpu|webgl|cpu)$/, { timeout: 60_000 });
});

test('a live lesson switches to its recorded run, and a setting changed on the recording trains live again', async ({ page }) => {
  await page.goto('/?lesson=collapse&backend=wasm');
  await page.getByRole('button', { name: 'Watch the recorded run' }).click();
  await expect(metric(page, 'backend')).toHaveText('recorded');
  await expect.poll(() => page.url()).toContain('recorded=1');
  await waitForMetric(page, 'step', (s) => s >= 3, 30_000);
  // changing the step budget (a live setting) cannot change a recording: the page goes live, with a notice
  await page.getByRole('button', { name: 'Pause training' }).click();
  const budget = page.locator('#ctl-steps');
  if (!(await budget.isVisible())) await page.locator('summary', { hasText: 'Optimisation' }).click();
  await budget.fill('400');
  await expect(page.locator('.notice')).toContainText('the page now trains live');
  await expect(metric(page, 'backend')).toHaveText('wasm', { timeout: 60_000 });
  await expect.poll(() => page.url()).not.toContain('recorded=1');
  await expect.poll(() => page.url()).toContain('steps=400');
});
