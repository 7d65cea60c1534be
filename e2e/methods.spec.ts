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
