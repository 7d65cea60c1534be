import { expect, test } from '@playwright/test';
import { labState, metric, numberOf, waitForMetric } from './helpers';

const LESSON = '/?lesson=temperature&backend=wasm';
const TAUS = ['0.05', '0.1', '0.2', '0.5', '1'];

test('the τ-sweep preset trains five temperatures side by side, one panel per run with its own readouts', async ({ page }) => {
  await page.goto(LESSON);
  await expect(metric(page, 'status')).toHaveText('idle', { timeout: 120_000 });
  await page.click('[data-preset="tau"]');
  await expect(page).toHaveURL(/sweep=temperature:0\.05,0\.1,0\.2,0\.5,1/);
  await expect(page.locator('[data-run]')).toHaveCount(5);
  await expect(metric(page, 'status')).toHaveText('idle', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForMetric(page, 'step', (s) => s >= 3);
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(metric(page, 'status')).toHaveText('paused');

  const losses: number[] = [];
  for (const t of TAUS) {
    const run = page.locator(`[data-run="temperature=${t}"]`);
    // training starts before the untrained evaluations: those of the later runs come just after the pause
    for (const m of ['alignment', 'uniformity', 'knn', 'loss']) {
      await expect.poll(async () => Number.isFinite(Number(await run.locator(`[data-metric="${m}"]`).textContent())), { message: `${t} ${m}`, timeout: 60_000 }).toBe(true);
    }
    losses.push(Number(await run.locator('[data-metric="loss"]').textContent()));
    // every run sits at the same step of the one clock, with its own τ
    expect(await labState<number>(page, `s.runs['temperature=${t}'].history.at(-1).step`)).toBe(await numberOf(page, 'step'));
  }
  // same images, same weights, different τ: different losses
  expect(new Set(losses.map((l) => l.toFixed(4))).size).toBe(5);
  // the swept control shows the values instead of a slider
  await expect(page.locator('[data-param="temperature"] input')).toHaveCount(0);

  // clicking a panel puts that run in the large figures
  await page.locator('[data-run="temperature=1"]').click();
  expect(await labState<string>(page, 's.focus')).toBe('temperature=1');
});

test('presenter mode hides the named controls; Space, →, ↑/↓, R and ? work from the keyboard', async ({ page }) => {
  await page.goto(`${LESSON}&present=1&hide=lr,seed&batchSize=16`);
  await expect(page.locator('.app.present')).toHaveCount(1);
  await expect(metric(page, 'status')).toHaveText('idle', { timeout: 120_000 });
  await expect(page.locator('[data-param="lr"]')).toHaveCount(0);
  await expect(page.locator('[data-param="seed"]')).toHaveCount(0);
  await expect(page.locator('[data-param="batchSize"]')).toHaveCount(1);

  await page.keyboard.press('ArrowRight');
  await waitForMetric(page, 'step', (s) => s === 1);
  await expect(metric(page, 'status')).toHaveText('paused');

  await page.keyboard.press('Space');
  await expect(metric(page, 'status')).toHaveText('running');
  await waitForMetric(page, 'step', (s) => s >= 3);
  await page.keyboard.press('Space');
  await expect(metric(page, 'status')).toHaveText('paused');

  expect(await labState<number>(page, 's.experiment.config.temperature')).toBe(0.1);
  await page.keyboard.press('ArrowUp');
  expect(await labState<number>(page, 's.experiment.config.temperature')).toBe(0.2);
  await expect(page).toHaveURL(/temperature=0\.2(&|$)/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await labState<number>(page, 's.experiment.config.temperature')).toBe(0.05);

  await page.keyboard.press('r');
  await waitForMetric(page, 'step', (s) => s === 0);
  expect(await labState<number>(page, 's.runs.main.history.length')).toBe(0);

  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Space');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
});

test('pointing at a row of the similarity matrix rings its anchor, positive and hardest negatives on the circle', async ({ page }) => {
  await page.goto(`${LESSON}&batchSize=16`);
  const matrix = page.locator('.matrix canvas');
  await expect(matrix).toHaveAttribute('data-size', '48', { timeout: 120_000 });
  const sphere = page.locator('.two-col .sphere canvas');
  await expect(sphere).toHaveAttribute('data-highlight', '');
  const points = Number(await sphere.getAttribute('data-points'));
  const n = points / 2; // images on the circle; z rows 0…n−1 are first views, n…2n−1 second views

  await matrix.scrollIntoViewIfNeeded();
  const box = (await matrix.boundingBox())!;
  const cell = box.height / 48;
  // row 5: a first view; its positive is row 29 of the matrix = the second view of image 5
  await page.mouse.move(box.x + box.width / 2, box.y + 5.5 * cell);
  await expect(matrix).toHaveAttribute('data-hover-row', '5');
  expect(await labState<{ row: number }>(page, 's.hover')).toMatchObject({ row: 5 });
  const marked = (await sphere.getAttribute('data-highlight'))!.split(',').map(Number);
  expect(marked.slice(0, 2)).toEqual([5, n + 5]);
  expect(marked).toHaveLength(5); // anchor, positive, three hardest negatives
  expect(new Set(marked).size).toBe(5);
  await expect(page.getByTestId('matrix-detail')).toContainText('Row 5');

  // row 30: a second view (image 6); its positive is the first view of image 6
  await page.mouse.move(box.x + box.width / 2, box.y + 30.5 * cell);
  await expect(matrix).toHaveAttribute('data-hover-row', '30');
  expect((await sphere.getAttribute('data-highlight'))!.split(',').map(Number).slice(0, 2)).toEqual([n + 6, 6]);

  await page.mouse.move(box.x - 40, box.y - 40);
  await expect(sphere).toHaveAttribute('data-highlight', '');
  expect(await labState<unknown>(page, 's.hover')).toBeNull();
});

test('the toy shows the large temperature spreading its points first', async ({ page }) => {
  await page.goto(LESSON);
  await page.click('[data-action="toy-run"]');
  await expect.poll(async () => Number(await page.locator('[data-toy-step]').textContent()), { timeout: 60_000 }).toBeGreaterThanOrEqual(200);
  await page.click('[data-action="toy-run"]'); // pause
  const u = async (tau: string) => Number(await page.locator(`[data-toy-tau="${tau}"] [data-toy-uniformity]`).textContent());
  expect(await u('1')).toBeLessThan(await u('0.05'));
});
