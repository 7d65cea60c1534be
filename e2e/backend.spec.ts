import { expect, test } from '@playwright/test';
import { labState, metric, waitForMetric } from './helpers';

const AUTO = '/?method=simclr&batchSize=16&evalEvery=1000&autorun=1';

test('the page is cross-origin isolated and a forced wasm trains on one thread per core; threads=1 asks for one', async ({ page }) => {
  await page.goto('/?method=simclr&backend=wasm&batchSize=16&evalEvery=1000&autorun=1');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await waitForMetric(page, 'step', (s) => s >= 2);
  await expect(metric(page, 'backend')).toHaveText('wasm');
  await expect(metric(page, 'threads')).toHaveText(String(Math.min(8, cores)));
  await expect(metric(page, 'backendWhy')).toHaveText('forced');
  // tfjs' pthreads are workers of the training worker: they exist only when threads are on
  expect(page.workers().length).toBeGreaterThan(1);
  await page.goto('/?method=simclr&backend=wasm&batchSize=16&evalEvery=1000&autorun=1&threads=1');
  await waitForMetric(page, 'step', (s) => s >= 2);
  await expect(metric(page, 'threads')).toHaveText('1');
});

test('auto times wasm with one thread and with one per core on the first steps, keeps the faster, remembers it, and measures again on request', async ({ page }) => {
  await page.goto(AUTO);
  expect(await page.evaluate(() => navigator.hardwareConcurrency), 'a machine with one core has no thread count to measure').toBeGreaterThan(1);
  await expect(metric(page, 'backendWhy')).toHaveText('measuring…');
  await expect(metric(page, 'backendWhy')).toHaveText('fastest here', { timeout: 90_000 });
  const reason = await labState<string>(page, 's.backend.reason');
  const times = Object.fromEntries([...reason.matchAll(/wasm ×(\d+) (\d+) ms/g)].map((m) => [m[1], Number(m[2])]));
  expect(Object.keys(times).length).toBe(2);
  const chosen = Number(await metric(page, 'threads').textContent());
  // within 3% the cheaper (fewer threads) wins; otherwise the faster
  const [one, many] = [times['1'], Math.max(...Object.entries(times).filter(([k]) => k !== '1').map(([, v]) => v))];
  expect(chosen === 1 ? one <= many * 1.03 : many < one / 1.03).toBe(true);
  expect(JSON.parse((await page.evaluate(() => localStorage.getItem('lab.backend.v1.simclr')))!)).toMatchObject({ backend: 'wasm', threads: chosen });

  // the next visit starts on it without measuring (the address bar drops autorun once started)
  await page.goto(AUTO);
  await expect(metric(page, 'backendWhy')).toHaveText('remembered');
  await expect(metric(page, 'threads')).toHaveText(String(chosen));
  await waitForMetric(page, 'step', (s) => s >= 1);

  // "measure again" forgets it and starts over from step 0
  await page.getByRole('button', { name: 'Measure again' }).click();
  await expect(metric(page, 'backendWhy')).toHaveText('measuring…');
  expect(await page.evaluate(() => localStorage.getItem('lab.backend.v1.simclr'))).toBeNull();
  await expect(metric(page, 'backendWhy')).toHaveText('fastest here', { timeout: 90_000 });
});
