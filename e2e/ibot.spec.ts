import { expect, test } from '@playwright/test';
import { labState, metric, waitForMetric } from './helpers';

test('the iBOT lesson: both loss terms per run, masks that follow the mask ratio and the resample button, and patch-feature PCA maps that change as it trains', async ({ page }) => {
  // a small batch and one local crop keep two ViT runs moving on a CI machine
  await page.goto('/?lesson=ibot&backend=wasm&batchSize=8&localCrops=1&autorun=1');
  await expect(page.locator('[data-run]')).toHaveCount(2);
  expect(await labState<string[]>(page, 's.runOrder')).toEqual(['ibot', 'ibot-nopatch']);
  await waitForMetric(page, 'step', (s) => s >= 2);

  // iBOT reports both terms; with the patch loss off the patch term is exactly 0 and the loss is the [CLS] term
  for (const m of ['lossCls', 'lossPatch']) {
    await expect.poll(async () => Number(await metric(page, m, 'ibot').textContent()), { timeout: 90_000 }).toBeGreaterThan(0);
  }
  const last = await labState<{ loss: number; lossCls: number; lossPatch: number }[]>(page, "['ibot', 'ibot-nopatch'].map((r) => s.runs[r].history.at(-1))");
  expect(last[0].loss).toBeCloseTo(last[0].lossCls + last[0].lossPatch, 3);
  expect(last[1].lossPatch).toBe(0);
  expect(last[1].loss).toBeCloseTo(last[1].lossCls, 5);
  await expect(metric(page, 'lossPatch', 'ibot-nopatch')).toHaveText('0.000');
  await expect(page.locator('[data-run="ibot-nopatch"] .run-settings')).toHaveText('Patch loss off');

  // the masked patches follow the slider: more hidden at a higher ratio, other blocks after a resample
  const fig = page.locator('figure.masked-patches');
  const slider = fig.locator('input[type="range"]');
  await slider.fill('0.2');
  await expect(fig).toHaveAttribute('data-ratio', '0.2', { timeout: 90_000 });
  const few = Number(await fig.getAttribute('data-masked'));
  await slider.fill('0.7');
  await expect(fig).toHaveAttribute('data-ratio', '0.7', { timeout: 90_000 });
  const many = Number(await fig.getAttribute('data-masked'));
  expect(many).toBeGreaterThan(few);
  // every shown image hides close to the asked share of its 64 patches (blocks may stop short)
  const rows = await fig.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-hidden'))));
  expect(rows.length).toBe(4);
  for (const h of rows) expect(h).toBeGreaterThan(0.5 * 64 * 0.7);
  const masks = await fig.getAttribute('data-masks');
  await fig.locator('[data-action="resample-mask"]').click();
  await expect.poll(async () => fig.getAttribute('data-masks'), { timeout: 90_000 }).not.toBe(masks);
  await expect(fig).toHaveAttribute('data-ratio', '0.7');
  // the figure's numbers are the worker's: the masked loss readout equals the report's
  const report = await labState<{ maskedLoss: number; masks: number[] }>(page, '({ maskedLoss: s.runs.ibot.masked.maskedLoss, masks: Array.from(s.runs.ibot.masked.masks) })');
  expect(Number.isFinite(report.maskedLoss)).toBe(true);

  // the patch-feature PCA map renders for the run, and changes after training steps
  const pca = page.locator('figure.patch-pca');
  await expect(pca.locator('canvas')).toHaveCount(12);
  await expect.poll(async () => Number(await pca.locator('[data-metric="patchJaccard"]').textContent()), { timeout: 90_000 }).toBeGreaterThan(0);
  const first = await labState<{ step: number; rgb: number[] }>(page, '({ step: s.runs.ibot.patches.step, rgb: Array.from(s.runs.ibot.patches.rgb) })');
  await expect.poll(async () => labState<number>(page, 's.runs.ibot.patches.step'), { timeout: 120_000 }).toBeGreaterThan(first.step);
  const later = await labState<number[]>(page, 'Array.from(s.runs.ibot.patches.rgb)');
  expect(later.length).toBe(first.rgb.length);
  expect(later.some((v, i) => v !== first.rgb[i])).toBe(true);
  // the CLS and patch curves are drawn
  await expect(page.locator('[data-chart="lossSplit"] path, [data-chart="lossSplit"] polyline').first()).toBeVisible();
});
