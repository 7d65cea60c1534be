import { expect, test } from '@playwright/test';
import { labState, metric } from './helpers';

const RUNS = ['simclr-b16', 'byol-b16', 'simclr-b64', 'byol-b64'];

test('the small-batch lesson trains SimCLR and BYOL at two batch sizes side by side, each at its own batch, each with its kNN', async ({ page }) => {
  await page.goto('/?lesson=small-batch&backend=wasm&autorun=1');
  await expect(page.locator('[data-run]')).toHaveCount(4);
  expect(await labState<string[]>(page, 's.runOrder')).toEqual(RUNS);
  for (const run of RUNS) {
    // the held-out kNN of each run's own encoder, untrained and then after its steps
    await expect.poll(async () => Number(await metric(page, 'knn', run).textContent()), { timeout: 120_000 }).toBeGreaterThan(0.3);
    await expect(page.locator(`[data-run="${run}"] .run-settings`)).toContainText(`Batch size N ${run.split('-b')[1]}`);
  }
  await expect.poll(() => labState<number>(page, 's.step'), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  // each run is its method: BYOL's loss lies in [0, 8], SimCLR's NT-Xent at batch N starts near log(2N − 1)
  const first = await labState<number[]>(page, `${JSON.stringify(RUNS)}.map((r) => s.runs[r].history[0].loss)`);
  expect(first[1]).toBeGreaterThanOrEqual(0);
  expect(first[1]).toBeLessThanOrEqual(8);
  expect(Math.abs(first[0] - Math.log(31))).toBeLessThan(1);
  expect(Math.abs(first[2] - Math.log(127))).toBeLessThan(1);
  // the measured table: three batch sizes, two seeds in every cell
  await expect(page.locator('[data-measured="small-batch"] tbody tr')).toHaveCount(3);
  await expect(page.locator('[data-measured="small-batch"] tbody tr').first().locator('td').nth(1)).toHaveText(/^[+−-]\d+\.\d \/ [+−-]\d+\.\d$/);
});
