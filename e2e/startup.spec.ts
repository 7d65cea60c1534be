import { expect, test } from '@playwright/test';
import { labState, metric, waitForMetric } from './helpers';

// MNIST is 1.6 MB gzipped: on a slow connection its download is the wait a student sees
const PAGE = '/?lesson=simclr&backend=wasm&evalEvery=1000&autorun=1';

test('opened with autorun, the page says what it prepares and how far, trains, and the untrained baseline then replaces "measuring…"', async ({ page, context }) => {
  // a 400 kB/s connection (the worker's requests are the page's): MNIST's 1.6 MB take seconds
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: 4e5, uploadThroughput: 4e5 });
  await page.goto(PAGE);
  // a bar partway, named by the stage and the count, inside the region screen readers hear
  await page.waitForFunction(() => {
    const bar = document.querySelector('[role="status"] progress') as HTMLProgressElement | null;
    return !!bar && bar.value > 0 && bar.value < bar.max && /Loading the MNIST digits: [\d.]+ of 7\.\d MB/.test(bar.getAttribute('aria-label') ?? '');
  });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
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
