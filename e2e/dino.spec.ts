import { expect, test } from '@playwright/test';
import { labState, metric, waitForMetric } from './helpers';

const RUNS = ['dino', 'dino-nocenter', 'dino-nosharpen'];

test('the DINO lesson trains DINO, no centering and no sharpening side by side, with attention maps that move and a head selector', async ({ page }) => {
  // a small batch and one local crop keep three ViT runs moving on a CI machine
  await page.goto('/?lesson=dino&backend=wasm&batchSize=8&localCrops=1&autorun=1');
  await expect(page.locator('[data-run]')).toHaveCount(3);
  expect(await labState<string[]>(page, 's.runOrder')).toEqual(RUNS);
  await waitForMetric(page, 'step', (s) => s >= 3);

  // every run: its teacher entropy, KL and attention Jaccard, and its teacher's output distribution
  for (const run of RUNS) {
    const panel = page.locator(`[data-run="${run}"]`);
    for (const m of ['teacherEntropy', 'kl', 'jaccard']) {
      await expect.poll(async () => Number.isFinite(Number(await metric(page, m, run).textContent())), { timeout: 90_000 }).toBe(true);
    }
    await expect.poll(async () => Number(await panel.locator('.teacher-bars').getAttribute('data-in-use')), { timeout: 90_000 }).toBeGreaterThan(1);
  }
  // the runs differ as their settings say: without sharpening the teacher is flatter than DINO's
  const ent = await labState<number[]>(page, `${JSON.stringify(RUNS)}.map((r) => s.runs[r].history.at(-1).teacherEntropy)`);
  expect(ent[2]).toBeGreaterThan(ent[0]);
  // the untrained baseline and the centred disc sit beside the live scores
  for (const row of ['prior', 'init', ...RUNS]) {
    await expect.poll(async () => Number(await page.locator(`.jaccard-table [data-row="${row}"] td[data-value]`).getAttribute('data-value')), { timeout: 90_000 }).toBeGreaterThan(0);
  }
  // each compared run says what it sets for itself (the controls show those as "per run")
  await expect(page.locator('[data-run="dino-nocenter"] .run-settings')).toHaveText('Centering off');
  await expect(page.locator('[data-run="dino-nosharpen"] .run-settings')).toContainText('Teacher τ_t 0.1');
  await expect(page.locator('[data-run="dino"] .run-settings')).toHaveCount(0);
  // the student's local crops are shown, apart from the globals
  await expect(page.locator('figure.views')).toHaveAttribute('data-locals', '1');

  // the attention overlays render for the grid, and change between two steps
  const grid = page.locator('figure.attention');
  await expect(grid.locator('canvas')).toHaveCount(12);
  const first = await labState<{ step: number; maps: number[] }>(page, "({ step: s.runs.dino.attention.step, maps: Array.from(s.runs.dino.attention.maps) })");
  await expect.poll(async () => labState<number>(page, 's.runs.dino.attention.step'), { timeout: 120_000 }).toBeGreaterThan(first.step);
  const later = await labState<number[]>(page, 'Array.from(s.runs.dino.attention.maps)');
  expect(later.length).toBe(first.maps.length);
  expect(later.some((v, i) => Math.abs(v - first.maps[i]) > 1e-6)).toBe(true);

  // the head selector changes which map is shown (paused, so the maps stay put)
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(metric(page, 'status')).toHaveText('paused');
  await expect(grid).toHaveAttribute('data-head', '0');
  const peaks0 = await grid.getAttribute('data-peaks');
  const jaccard = await labState<number[]>(page, 's.runs.dino.attention.jaccard');
  await page.click('[data-head-button="2"]');
  await expect(grid).toHaveAttribute('data-head', '2');
  await expect(grid.locator('[data-metric="jaccard"]')).toHaveText(jaccard[2].toFixed(3));
  const peaks2 = await grid.getAttribute('data-peaks');
  const heads = await labState<number[][]>(page, `(() => { const a = s.runs.dino.attention; const p = a.grid * a.grid; return [0, 2].map((h) => Array.from({ length: a.n }, (_, i) => { const m = Array.from(a.maps.slice((i * a.heads + h) * p, (i * a.heads + h + 1) * p)); return m.indexOf(Math.max(...m)); })); })()`);
  expect(peaks0).toBe(heads[0].join(','));
  expect(peaks2).toBe(heads[1].join(','));
  await page.click('[data-head-button="all"]');
  await expect(grid).toHaveAttribute('data-head', 'all');
  await expect(grid.locator('[data-metric="jaccard"]')).toHaveText(Math.max(...jaccard).toFixed(3));
});
