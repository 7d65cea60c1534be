import { expect, test, type Page } from '@playwright/test';
import { labState, metric, waitForMetric } from './helpers';

const COLLAPSE = '/?lesson=collapse&backend=wasm&batchSize=16';

test('collapse lesson: a prediction kept before training is shown beside the outcome once the runs reach the point', async ({ page }) => {
  test.setTimeout(360_000);
  await page.goto(COLLAPSE);
  const ask = page.locator('[data-predict="collapse"]');
  await expect(ask).toHaveAttribute('data-state', 'asking');
  await ask.getByLabel('Fall towards 0: the outputs collapse to one point').check();
  await ask.getByRole('button', { name: 'Keep my prediction' }).click();
  await expect(ask).toHaveAttribute('data-state', 'waiting');
  // kept in this browser only: a reload still has it
  expect(await page.evaluate(() => localStorage.getItem('lab:predict:collapse'))).toBe('fall');
  await page.getByRole('button', { name: 'Start training' }).click();
  // until the point (step 50) the outcome is not shown
  await waitForMetric(page, 'step', (s) => s >= 10);
  await expect(ask.locator('.predict-outcome')).toHaveCount(0);
  await waitForMetric(page, 'step', (s) => s >= 50, 170_000);
  await expect(ask).toHaveAttribute('data-state', 'revealed');
  await expect(ask).toContainText('Your prediction: Fall towards 0: the outputs collapse to one point');
  // the outcome is the run's own: its std, and the panel's verdict in the same words
  const verdict = page.locator('[data-run="byol-nopred"] .gauges [data-collapsed]');
  await expect(verdict).toHaveAttribute('data-collapsed', /^[1-9][0-9]*$/, { timeout: 120_000 });
  await expect(ask.locator('.predict-outcome [data-collapsed]')).toHaveText((await verdict.textContent())!);
  await expect(ask.locator('.predict-verdict')).toHaveText('✓ As you predicted.');
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(metric(page, 'status')).toHaveText('paused');
  const std = await labState<number>(page, "s.runs['byol-nopred'].geometry.std");
  await expect(ask.locator('.predict-outcome [data-live="std"]').first()).toHaveText(std.toFixed(3));
});

test('collapse lesson: skipping the prediction leaves training as it is', async ({ page }) => {
  await page.goto(COLLAPSE);
  await page.locator('[data-predict="collapse"]').getByRole('button', { name: 'Skip' }).click();
  await expect(page.locator('[data-predict="collapse"]')).toHaveAttribute('data-state', 'skipped');
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForMetric(page, 'step', (s) => s >= 5);
  await expect(metric(page, 'status')).toHaveText('running');
  expect(await labState<boolean>(page, "s.runOrder.every((r) => s.runs[r].history.length >= 5)")).toBe(true);
});

/** Tab (or Shift-Tab) until the focused element matches, at most `max` presses. */
async function tabTo(page: Page, selector: string, back = false, max = 400) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`no ${selector} within ${max} presses of ${back ? 'Shift-Tab' : 'Tab'}`);
}

test('keyboard only: start, change τ, pause, one step, and switch the focused run on the collapse lesson', async ({ page }) => {
  await page.goto(COLLAPSE);
  await expect(metric(page, 'status')).toHaveText('idle');
  // the first Tab reaches the skip link, which takes focus to the training controls
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip-link')).toBeFocused();
  await page.keyboard.press('Enter');
  await tabTo(page, '[data-action="play"]');
  await page.keyboard.press('Space');
  await expect(metric(page, 'status')).toHaveText('running');
  // BYOL's τ (the target EMA rate), one notch up with an arrow key
  const before = await labState<number>(page, 's.experiment.config.emaMomentum');
  await tabTo(page, '#ctl-emaMomentum');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => labState<number>(page, 's.experiment.config.emaMomentum')).toBeGreaterThan(before);
  // back up to the transport, pause
  await tabTo(page, '[data-action="pause"]', true);
  await page.keyboard.press('Enter');
  await expect(metric(page, 'status')).toHaveText('paused');
  const step = Number(await metric(page, 'step').textContent());
  await tabTo(page, '[data-action="step"]');
  await page.keyboard.press('Space');
  await expect(metric(page, 'step')).toHaveText(String(step + 1));
  // the second run's panel: its title is a button
  expect(await labState<string>(page, 's.focus')).toBe('byol');
  await tabTo(page, '[data-run="byol-nopred"] .run-focus', true);
  await page.keyboard.press('Enter');
  await expect.poll(() => labState<string>(page, 's.focus')).toBe('byol-nopred');
  await expect(page.locator('[data-run="byol-nopred"] .run-focus')).toHaveAttribute('aria-pressed', 'true');
});
