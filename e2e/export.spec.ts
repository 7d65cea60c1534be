import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { runFileProblems } from '../src/config/runfile';
import { labState, metric, waitForMetric } from './helpers';

const LESSON = '/?lesson=simclr&backend=wasm&batchSize=16&evalEvery=5';

test('export: a chart as PNG at 2× and as CSV of its points, the run as a run file, its settings as PyTorch', async ({ page }) => {
  await page.goto(`${LESSON}&autorun=1`);
  await waitForMetric(page, 'step', (s) => s >= 6);
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(metric(page, 'status')).toHaveText('paused');
  await page.waitForTimeout(1000); // (the chart draws the store at most every 400 ms)
  const loss = page.locator('figure[aria-label="Training loss by step"]');

  const [png] = await Promise.all([page.waitForEvent('download'), loss.locator('[data-action="png"]').click()]);
  const bytes = readFileSync((await png.path())!);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const svgWidth = await loss.locator('svg').first().evaluate((e) => e.getBoundingClientRect().width);
  expect(bytes.readUInt32BE(16)).toBe(Math.ceil(2 * svgWidth)); // the IHDR's width: twice the chart's
  expect(png.suggestedFilename()).toMatch(/\.png$/);

  const [csv] = await Promise.all([page.waitForEvent('download'), loss.locator('[data-action="csv"]').click()]);
  const rows = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
  const history = await labState<{ step: number; loss: number }[]>(page, 's.runs.main.history.map((h) => ({ step: h.step, loss: h.loss }))');
  expect(rows[0]).toBe('step,loss');
  expect(rows.slice(1).map((r) => r.split(',').map(Number))).toEqual(history.map((h) => [h.step, h.loss]));

  const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="json"]').click()]);
  const file = JSON.parse(readFileSync((await json.path())!, 'utf8'));
  expect(runFileProblems(file)).toEqual([]);
  expect(file.history.length).toBe(history.length);
  expect(file.eval.knn).toBe(await labState<number>(page, 's.runs.main.evals.at(-1).knn'));
  expect(file.config.batchSize).toBe(16);

  await page.locator('[data-action="pytorch"]').click();
  const code = await page.locator('[data-pytorch]').textContent();
  expect(code).toContain('method="simclr"');
  expect(code).toContain('batch_size=16,  # paper: 4096');
});
