import { expect, test } from '@playwright/test';
import { labState, metric, waitForMetric } from './helpers';

// Shapes is drawn in the worker (a few seconds): long enough to see the page say so
const PAGE = '/?method=simclr&dataset=shapes&backend=wasm&batchSize=32&evalEvery=1000&autorun=1';

test('opened with autorun, the page says what it prepares and how far, trains, and the untrained baseline then replaces "measuring…"', async ({ page }) => {
  await page.goto(PAGE);
  // a bar partway, named by the stage, inside the region screen readers hear
  await page.waitForFunction(() => {
    const bar = document.querySelector('[role="status"] progress') as HTMLProgressElement | null;
    return !!bar && bar.value > 0 && bar.value < bar.max && /Drawing the Shapes images: [\d,]+ of 8,000/.test(bar.getAttribute('aria-label') ?? '');
  });
  await waitForMetric(page, 'step', (s) => s >= 1);
  await expect(metric(page, 'status')).toHaveText('running');
  await expect(page.locator('[role="status"] progress')).toHaveCount(0);
  // training came first: the untrained evaluation is measured after, and the readout says so meanwhile
  const knn = page.locator('[data-metric="knn"]').locator('..');
  await expect(knn).toContainText('untrained: measuring…');
  await expect(knn).toContainText('untrained encoder', { timeout: 60_000 });
  expect(await labState<number>(page, 's.runs.main.evals[0].step')).toBe(0);
  expect(await labState<number>(page, 's.runs.main.knnRandomInit')).toBeGreaterThan(0.1);
  expect(await labState<number>(page, 's.step')).toBeGreaterThanOrEqual(1);
});
