import { expect, test } from '@playwright/test';
import { labState, metric, waitForMetric } from './helpers';

// a small SimCLR run on wasm (the same backend on both pages, so the same losses)
const LESSON = '/?lesson=simclr&backend=wasm&batchSize=16&evalEvery=1000';

/** τ one notch up (the ↑ shortcut: 0.1 → 0.2 → 0.5), one live change. */
async function tauUp(page: import('@playwright/test').Page) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('ArrowUp');
}

test('τ changed twice while training, then Share: the link retrains the run with both changes at their steps and the same losses', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`${LESSON}&autorun=1`);
  await waitForMetric(page, 'step', (s) => s >= 4);
  await tauUp(page);
  await expect.poll(() => labState<number>(page, 's.changes.length')).toBe(1);
  const firstAt = await labState<number>(page, 's.changes[0].step');
  await waitForMetric(page, 'step', (s) => s >= firstAt + 4);
  await tauUp(page);
  await expect.poll(() => labState<number>(page, 's.changes.length')).toBe(2);
  const changes = await labState<{ step: number; param: string; value: number }[]>(page, 's.changes');
  expect(changes.map((c) => [c.param, c.value])).toEqual([['temperature', 0.2], ['temperature', 0.5]]);
  await waitForMetric(page, 'step', (s) => s >= changes[1].step + 3);
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(metric(page, 'status')).toHaveText('paused');
  // the log is shown as a student reads it
  await expect(page.locator('.change-log li')).toHaveText([
    new RegExp(`^Temperature τ 0\\.1 → ${changes[0].value} at step ${changes[0].step}$`),
    new RegExp(`^Temperature τ ${changes[0].value} → ${changes[1].value} at step ${changes[1].step}$`),
  ]);
  const original = await labState<number[]>(page, 's.runs.main.history.map((h) => h.loss)');

  await page.getByRole('button', { name: /Share this run/ }).click();
  const link = await page.locator('[data-share-url]').inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  expect(link).toMatch(/autorun=1/);
  expect(link).not.toMatch(/temperature=/); // the run starts from the lesson's τ; the changes are in the log
  expect(link).toMatch(/log=/);

  const other = await context.newPage();
  await other.goto(link);
  await waitForMetric(other, 'step', (s) => s >= original.length);
  await expect(other.locator('.change-log li')).toHaveCount(2);
  expect(await labState(other, 's.changes')).toEqual(changes);
  const replayed = await labState<number[]>(other, `s.runs.main.history.slice(0, ${original.length}).map((h) => h.loss)`);
  expect(replayed).toEqual(original);
  // the controls moved with the replay
  expect(await labState<number>(other, 's.experiment.config.temperature')).toBe(changes[1].value);
});

test('a link whose log was tampered with starts a fresh run from its settings alone, with a notice', async ({ page }) => {
  await page.goto(`${LESSON}&autorun=1&log=1abc_3c*temperature*0.5`);
  await expect(page.locator('[data-notice="log"]')).toContainText('refused');
  await waitForMetric(page, 'step', (s) => s >= 3);
  expect(await labState<number>(page, 's.changes.length')).toBe(0);
  expect(await labState<number>(page, 's.experiment.config.temperature')).toBe(0.1);
});
