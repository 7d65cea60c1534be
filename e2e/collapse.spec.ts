import { expect, test } from '@playwright/test';
import { labState, metric, waitForMetric } from './helpers';

test('the collapse lesson trains BYOL with and without its predictor side by side, each with its gauges', async ({ page }) => {
  await page.goto('/?lesson=collapse&backend=wasm&batchSize=16&autorun=1');
  await expect(page.locator('[data-run]')).toHaveCount(2);
  await waitForMetric(page, 'step', (s) => s >= 3);
  for (const run of ['byol', 'byol-nopred']) {
    const panel = page.locator(`[data-run="${run}"]`);
    for (const m of ['std', 'rankme', 'knn', 'loss']) {
      await expect.poll(async () => Number.isFinite(Number(await panel.locator(`[data-metric="${m}"]`).textContent())), { timeout: 60_000 }).toBe(true);
    }
    await expect(panel.locator('[data-collapsed]')).toHaveCount(1);
  }
  // the two runs really differ: one has a predictor, the other not
  expect(await labState<string[]>(page, 's.runOrder')).toEqual(['byol', 'byol-nopred']);
  const losses = await labState<number[]>(page, "[s.runs['byol'].history[0].loss, s.runs['byol-nopred'].history[0].loss]");
  expect(losses[0]).not.toBeCloseTo(losses[1], 4);

  // adding a variant restarts the comparison with three runs, and the URL says which
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(metric(page, 'status')).toHaveText('paused');
  await page.click('[data-variant="simsiam-nostopgrad"]');
  await expect(page.locator('[data-run]')).toHaveCount(3);
  await expect(page).toHaveURL(/compare=byol,byol-nopred,simsiam-nostopgrad/);
  await expect(page.locator('[data-run="simsiam-nostopgrad"] h4')).toHaveText('SimSiam without stop-gradient');
});
