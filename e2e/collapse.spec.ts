import { expect, test } from '@playwright/test';
import { labState, metric, waitForMetric } from './helpers';

test('the collapse lesson trains BYOL with and without its predictor side by side, each with its gauges', async ({ page }) => {
  await page.goto('/?lesson=collapse&backend=wasm&batchSize=16&autorun=1');
  await expect(page.locator('[data-run]')).toHaveCount(2);
  await waitForMetric(page, 'step', (s) => s >= 3);
  for (const run of ['byol', 'byol-nopred']) {
    const panel = page.locator(`[data-run="${run}"]`);
    for (const m of ['std', 'rankme', 'meanCos', 'knn', 'loss']) {
      await expect.poll(async () => Number.isFinite(Number(await panel.locator(`[data-metric="${m}"]`).textContent())), { timeout: 60_000 }).toBe(true);
    }
    // its own embedding view, drawn from its own run
    await expect(panel.locator('.embedding canvas')).not.toHaveAttribute('data-points', '0', { timeout: 60_000 });
  }
  // the verdict: without its predictor BYOL's outputs fall to one point and the panel says so; the
  // run with its predictor keeps its spread and carries no marker (d = 128: healthy std 1/√128)
  await expect.poll(() => labState<number>(page, "s.runs['byol-nopred'].trail.length"), { timeout: 120_000 }).toBeGreaterThanOrEqual(6);
  const line = 0.3 / Math.sqrt(128);
  const stds = await labState<number[][]>(page, "['byol', 'byol-nopred'].map((r) => s.runs[r].trail.map((t) => t.std))");
  expect(stds[1][stds[1].length - 1]).toBeLessThan(line);
  // past its first steps (the untrained outputs start bunched; training starts before any gauge now)
  const laterOf = () => labState<number[]>(page, "s.runs['byol'].trail.filter((t) => t.step >= 10).map((t) => t.std)");
  await expect.poll(async () => (await laterOf()).length, { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  const later = await laterOf();
  expect(Math.min(...later)).toBeGreaterThan(line);
  const verdict = page.locator('[data-run="byol-nopred"] [data-collapsed]');
  await expect(verdict).toHaveAttribute('data-collapsed', /^[1-9][0-9]*$/);
  await expect(verdict).toHaveAttribute('data-collapse-kind', 'point');
  await expect(verdict).toContainText(`Collapsed at step ${await verdict.getAttribute('data-collapsed')}`);
  await expect(page.locator('[data-run="byol"] [data-collapsed]')).toHaveAttribute('data-collapsed', '');
  await expect(page.locator('[data-run="byol"] .verdict.collapsed')).toHaveCount(0);
  // the two runs really differ: one has a predictor, the other not
  expect(await labState<string[]>(page, 's.runOrder')).toEqual(['byol', 'byol-nopred']);
  const losses = await labState<number[]>(page, "[s.runs['byol'].history[0].loss, s.runs['byol-nopred'].history[0].loss]");
  expect(losses[0]).not.toBeCloseTo(losses[1], 4);

  // the predictor is the compared runs' own setting: the page offers no switch that would overrule one of them
  await expect(page.locator('[data-param="predictor"] input')).toHaveCount(0);
  await expect(page.locator('[data-param="predictor"]')).toContainText('per run');

  // adding a variant restarts the comparison with three runs, and the URL says which
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(metric(page, 'status')).toHaveText('paused');
  await page.click('[data-variant="simsiam-nostopgrad"]');
  await expect(page.locator('[data-run]')).toHaveCount(3);
  await expect(page).toHaveURL(/compare=byol,byol-nopred,simsiam-nostopgrad/);
  await expect(page.locator('[data-run="simsiam-nostopgrad"] h3')).toHaveText('SimSiam without stop-gradient');
});

test('"explain one step" walks through its sub-steps on the diagram and ends by training one step', async ({ page }) => {
  await page.goto('/?lesson=collapse&backend=wasm&batchSize=16');
  await expect(metric(page, 'status')).toHaveText('idle', { timeout: 120_000 });
  const explain = page.locator('.explain');
  await page.click('[data-action="explain"]');
  await expect(explain).toHaveAttribute('data-substep', '0');
  await expect(page.locator('.diagram .node.lit[data-part="views"]')).toHaveCount(2);
  await page.click('[data-action="explain-next"]');
  await expect(explain).toHaveAttribute('data-substep', '1');
  await expect(page.locator('.diagram .node.lit[data-part="online"]')).toHaveCount(2);
  await expect(page.locator('.diagram .node.lit[data-part="views"]')).toHaveCount(0);
  for (const n of ['2', '3', '4', '5']) {
    await page.click('[data-action="explain-next"]');
    await expect(explain).toHaveAttribute('data-substep', n);
  }
  // the EMA sub-step names τ at this step
  await expect(explain).toContainText('τ =');
  const before = await labState<number>(page, 's.step');
  await page.click('[data-action="explain-step"]');
  await waitForMetric(page, 'step', (s) => s === before + 1);
  await expect(explain).toHaveAttribute('data-substep', '0');

  // the focused run without a predictor: the diagram shows the predictor removed
  await page.locator('[data-run="byol-nopred"]').click();
  await expect(page.locator('.diagram .node.off[data-part="predictor"]')).toHaveCount(1);
});
