import { expect, test } from '@playwright/test';
import { labState, metric } from './helpers';

test('the budget lesson trains two methods of different kinds side by side, each on its own preset, with its memory; the measured table lists all seven', async ({ page }) => {
  await page.goto('/?lesson=budget&backend=wasm&compare=simsiam,dino&autorun=1');
  await expect(page.locator('[data-run]')).toHaveCount(2);
  expect(await labState<string[]>(page, 's.runOrder')).toEqual(['simsiam', 'dino']);
  for (const run of ['simsiam', 'dino']) {
    await expect.poll(async () => parseFloat((await metric(page, 'stepPeak', run).textContent()) ?? ''), { timeout: 120_000 }).toBeGreaterThan(0);
    await expect.poll(async () => Number(await metric(page, 'loss', run).textContent()), { timeout: 60_000 }).not.toBeNaN();
  }
  // each run built its own method's model: their weights differ in size, and their losses in kind
  const bytes = await labState<number[]>(page, "['simsiam', 'dino'].map((r) => s.runs[r].memory.modelBytes)");
  expect(bytes[0]).not.toBe(bytes[1]);
  const losses = await labState<number[]>(page, "['simsiam', 'dino'].map((r) => s.runs[r].history[0].loss)");
  expect(Math.abs(losses[0])).toBeLessThanOrEqual(1); // SimSiam's negative cosine lies in [−1, 1]
  expect(losses[1]).toBeGreaterThan(1); // DINO's cross-entropy over 256 prototypes starts near log 256
  await expect(page.locator('[data-measured="budget"] tbody tr')).toHaveCount(7);
});
