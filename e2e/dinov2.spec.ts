import { expect, test } from '@playwright/test';
import { labState, metric, waitForMetric } from './helpers';

test('the DINOv2 lesson trains DINO and DINOv2 side by side, each with its readouts, its teacher and its nearest-neighbour spread', async ({ page }) => {
  await page.goto('/?lesson=dinov2&backend=wasm&batchSize=8&localCrops=1&autorun=1');
  await expect(page.locator('[data-run]')).toHaveCount(2);
  expect(await labState<string[]>(page, 's.runOrder')).toEqual(['dino', 'dinov2']);
  await waitForMetric(page, 'step', (s) => s >= 2);
  for (const run of ['dino', 'dinov2']) {
    for (const m of ['loss', 'teacherEntropy', 'meanNN']) {
      await expect.poll(async () => Number.isFinite(Number(await metric(page, m, run).textContent())), { timeout: 90_000 }).toBe(true);
    }
    await expect.poll(async () => Number(await page.locator(`[data-run="${run}"] .teacher-bars`).getAttribute('data-in-use')), { timeout: 90_000 }).toBeGreaterThan(1);
    await expect(page.locator(`[data-run="${run}"] figure.nn-hist`)).toHaveCount(1);
  }
  // the two runs are the two methods: DINOv2 has a KoLeo term and a patch term, DINO neither
  const last = await labState<Record<string, number>[]>(page, "['dino', 'dinov2'].map((r) => s.runs[r].history.at(-1))");
  expect(last[0].koleo).toBeUndefined();
  expect(Number.isFinite(last[1].koleo)).toBe(true);
  expect(Number.isFinite(last[1].lossPatch)).toBe(true);
  // the nearest-neighbour readout is the mean of the distances the worker sent
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(metric(page, 'status')).toHaveText('paused');
  const nn = await labState<number[]>(page, 'Array.from(s.runs.dinov2.spread.nn)');
  const mean = nn.reduce((a, b) => a + b, 0) / nn.length;
  await expect(metric(page, 'meanNN', 'dinov2')).toHaveText(mean.toFixed(3));
  // the paper's ablation ladder, every row
  await expect(page.locator('[data-table="dinov2-ladder"] tbody tr')).toHaveCount(12);
});
