import { expect, test } from '@playwright/test';
import { metric, waitForMetric } from './helpers';

test('after one visit the lab opens and trains with the network off, another lesson too; nothing leaves the origin', async ({ page, context, baseURL }) => {
  const foreign: string[] = [];
  context.on('request', (r) => new URL(r.url()).origin !== new URL(baseURL!).origin && foreign.push(r.url()));
  await page.goto('/?lesson=simclr&backend=wasm&batchSize=16&evalEvery=1000&autorun=1');
  await waitForMetric(page, 'step', (s) => s >= 1);
  // the copy is made after the first step, and said in the header
  await expect(page.locator('.offline-badge[data-offline="ready"]')).toHaveText(/Works offline/, { timeout: 90_000 });

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForMetric(page, 'step', (s) => s >= 3);
  await expect(metric(page, 'backend')).toHaveText('wasm');
  // a lesson this browser never opened: its page, widgets and worker all come from the copy
  await page.goto('/?lesson=moco&backend=wasm&batchSize=16&evalEvery=1000&autorun=1');
  await waitForMetric(page, 'step', (s) => s >= 3);
  await context.setOffline(false);
  expect(foreign).toEqual([]);
});
