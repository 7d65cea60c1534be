import { expect, test } from '@playwright/test';
import { metric, numberOf, waitForMetric } from './helpers';

// every method the lab trains, on its own page with a tiny preset
const CASES = [
  { id: 'simclr', extra: '', diagnostics: ['knn', 'contrastiveAcc'] },
  { id: 'moco', extra: '&queueSize=64', diagnostics: ['knn', 'contrastiveAcc', 'queueFill'] },
  { id: 'byol', extra: '', diagnostics: ['knn', 'std', 'rankme'] },
  { id: 'simsiam', extra: '', diagnostics: ['knn', 'std', 'rankme'] },
  // the self-distillation family on a tiny ViT (one block, few prototypes), one local crop
  { id: 'dino', extra: '&vitWidth=32&vitDepth=1&vitHeads=2&prototypes=32&localCrops=1', diagnostics: ['knn', 'teacherEntropy', 'kl'] },
  { id: 'ibot', extra: '&vitWidth=32&vitDepth=1&vitHeads=2&prototypes=32&localCrops=1', diagnostics: ['knn', 'teacherEntropy', 'kl', 'lossPatch'] },
  { id: 'dinov2', extra: '&vitWidth=32&vitDepth=1&vitHeads=2&prototypes=32&localCrops=1', diagnostics: ['knn', 'teacherEntropy', 'kl', 'lossPatch', 'koleo'] },
  // the tiny ViT backbone (small, to keep the first evaluation quick on wasm)
  { id: 'simclr', extra: '&backbone=vit&vitWidth=32&vitDepth=1&vitHeads=2', diagnostics: ['knn'], label: 'simclr with the ViT backbone' },
];

for (const c of CASES as { id: string; extra: string; diagnostics: string[]; label?: string }[]) {
  test(`${c.label ?? c.id}: opened by URL with autorun, trains 3+ steps on wasm with a finite loss and its diagnostics`, async ({ page }) => {
    await page.goto(`/?method=${c.id}&autorun=1&backend=wasm&batchSize=16${c.extra}`);
    await waitForMetric(page, 'step', (s) => s >= 3);
    expect(Number.isFinite(await numberOf(page, 'loss'))).toBe(true);
    for (const d of c.diagnostics) {
      await expect(metric(page, d)).toBeVisible();
      await expect.poll(async () => Number.isFinite(await numberOf(page, d))).toBe(true);
    }
    await expect(page.locator('[data-notice]')).toHaveCount(0); // the URL was valid: no notice
  });
}

// the ViT and the self-distillation ops (attention, masks, patch gather, KoLeo, multi-crop) also
// train on the GPU APIs — here on SwiftShader, the software GPU Chromium ships
for (const backend of ['webgl', 'webgpu']) {
  test(`dinov2 (tiny ViT) trains on ${backend}: finite loss and KoLeo`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto(`/?method=dinov2&autorun=1&backend=${backend}&batchSize=4&vitWidth=16&vitDepth=1&vitHeads=2&prototypes=16&localCrops=1`);
    await expect(metric(page, 'backend')).toHaveText(backend, { timeout: 60_000 });
    await waitForMetric(page, 'step', (s) => s >= 2, 240_000);
    expect(Number.isFinite(await numberOf(page, 'loss'))).toBe(true);
    await expect.poll(async () => Number.isFinite(await numberOf(page, 'koleo'))).toBe(true);
    await expect(page.locator('[data-error]')).toHaveCount(0);
  });
}

test('a ViT run shows its attention maps on held-out shapes, per head, with their mask Jaccard', async ({ page }) => {
  await page.goto('/?method=dino&autorun=1&backend=wasm&batchSize=8&dataset=shapes&backbone=vit&vitWidth=16&vitDepth=1&vitHeads=2&prototypes=16&localCrops=0');
  const fig = page.locator('figure.attention');
  await expect(fig).toHaveAttribute('data-images', '12', { timeout: 120_000 });
  await expect(fig.locator('canvas')).toHaveCount(12);
  await expect.poll(async () => Number(await metric(page, 'jaccard').textContent())).toBeGreaterThanOrEqual(0);
  const head0 = await metric(page, 'jaccard').textContent();
  await fig.locator('[data-head-button="1"]').click();
  await expect(fig).toHaveAttribute('data-head', '1');
  await expect(page.locator('[data-metric="jaccard"]').locator('..')).toContainText('head 2');
  await fig.locator('[data-head-button="all"]').click();
  await expect(fig).toHaveAttribute('data-head', 'all');
  expect(head0).not.toBeNull();
});
