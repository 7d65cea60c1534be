import { expect, test } from '@playwright/test';
import { labState, metric } from './helpers';

test('the projection-head lesson probes h and z while SimCLR trains, and the probes update', async ({ page }) => {
  await page.goto('/?lesson=projection-head&backend=wasm&batchSize=32&evalEvery=5&autorun=1');
  const fig = page.locator('figure.probes');
  await expect.poll(async () => Number(await fig.getAttribute('data-probes')), { timeout: 150_000 }).toBeGreaterThanOrEqual(2);
  for (const m of ['probeH', 'probeZ', 'rotationH', 'rotationZ']) {
    const v = parseFloat((await metric(page, m).textContent()) ?? '');
    expect(v, m).toBeGreaterThan(0);
    expect(v, m).toBeLessThanOrEqual(100);
  }
  // the readouts show the latest report, and successive reports come from later steps with new values
  const probes = await labState<{ step: number; linearH: number; linearZ: number; knnH: number }[]>(page, 's.runs.main.probes');
  const last = probes[probes.length - 1];
  await expect(metric(page, 'probeH')).toHaveText(`${(last.linearH * 100).toFixed(1)}%`);
  expect(probes[1].step).toBeGreaterThan(probes[0].step);
  expect([probes[0].linearH, probes[0].linearZ, probes[0].knnH]).not.toEqual([probes[1].linearH, probes[1].linearZ, probes[1].knnH]);
  await expect(page.locator('figure.probes .lite-chart')).toHaveAttribute('data-series', '4');
});
