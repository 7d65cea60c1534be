import { expect, test, type Page } from '@playwright/test';
import { labState, metric, numberOf, waitForMetric } from './helpers';

// Every method the lab trains, on its own page with a tiny preset, and for each the thing only that
// method does, read from the run's step records (the expected values are the papers' formulas).
type Rec = Record<string, number>;
const history = (page: Page) => labState<Rec[]>(page, 's.runs.main.history');
const B = 16;
const VIT = '&vitWidth=32&vitDepth=1&vitHeads=2&prototypes=32&localCrops=1';

const CASES: { id: string; extra: string; steps: number; diagnostics: string[]; label?: string; check: (h: Rec[]) => void }[] = [
  {
    id: 'simclr', extra: '', steps: 80, diagnostics: ['knn', 'contrastiveAcc'],
    check: (h) => {
      // NT-Xent picks each view's positive among the 2N − 1 others: the contrastive accuracy is a
      // share of the 2N views, and as the loss falls the positive is found more often
      for (const r of h) expect(Math.abs(r.contrastiveAcc * 2 * B - Math.round(r.contrastiveAcc * 2 * B))).toBeLessThan(1e-4);
      const mean = (a: Rec[], k: string) => a.reduce((s, r) => s + r[k], 0) / a.length;
      const [first, last] = [h.slice(0, 10), h.slice(70, 80)];
      expect(mean(last, 'loss')).toBeLessThan(mean(first, 'loss') - 0.15);
      expect(mean(last, 'contrastiveAcc')).toBeGreaterThan(mean(first, 'contrastiveAcc'));
    },
  },
  {
    id: 'moco', extra: '&queueSize=64', steps: 6, diagnostics: ['knn', 'contrastiveAcc', 'queueFill'],
    check: (h) => {
      // B keys enter the queue of K = 64 each step: full after 4 steps, and full it stays
      for (const r of h) expect(r.queueFill).toBeCloseTo(Math.min(1, (r.step * B) / 64), 6);
    },
  },
  {
    id: 'byol', extra: '&steps=20&emaMomentum=0.9', steps: 5, diagnostics: ['knn', 'std', 'rankme', 'targetTau'],
    check: (h) => {
      // BYOL §3.1: τ = 1 − (1 − τ_base)(cos(πk/K) + 1)/2, k the step it follows (0-based), K = 20
      for (const r of h) expect(r.targetTau).toBeCloseTo(1 - (1 - 0.9) * (Math.cos((Math.PI * (r.step - 1)) / 20) + 1) / 2, 6);
      expect(h[h.length - 1].targetTau).toBeGreaterThan(h[0].targetTau);
    },
  },
  {
    id: 'simsiam', extra: '', steps: 24, diagnostics: ['knn', 'std', 'rankme'],
    check: (h) => {
      // −½(cos(p₁, z₂) + cos(p₂, z₁)) lies in [−1, 1], and training pulls it down
      for (const r of h) expect(Math.abs(r.loss)).toBeLessThanOrEqual(1);
      const mean = (a: Rec[]) => a.reduce((s, r) => s + r.loss, 0) / a.length;
      expect(mean(h.slice(-5))).toBeLessThan(mean(h.slice(0, 5)) - 0.02);
    },
  },
  {
    id: 'dino', extra: VIT, steps: 3, diagnostics: ['knn', 'teacherEntropy', 'kl'],
    check: (h) => {
      // the teacher's targets are neither one-hot (entropy 0) nor uniform (log K): K = 32
      for (const r of h) {
        expect(r.teacherEntropy).toBeGreaterThan(0.01);
        expect(r.teacherEntropy).toBeLessThan(Math.log(32) - 0.01);
        expect(r.kl).toBeGreaterThanOrEqual(-1e-4);
      }
    },
  },
  {
    id: 'ibot', extra: VIT, steps: 3, diagnostics: ['knn', 'teacherEntropy', 'kl', 'lossPatch'],
    check: (h) => {
      // patches are masked every step, the patch term is there, and the loss is [CLS] + patch
      for (const r of h) {
        expect(r.maskedShare).toBeGreaterThan(0);
        expect(r.lossPatch).toBeGreaterThan(0.1);
        expect(r.loss).toBeCloseTo(r.lossCls + r.lossPatch, 4);
      }
    },
  },
  {
    id: 'ibot', extra: `${VIT}&patchLoss=0`, steps: 3, diagnostics: ['knn', 'lossPatch'], label: 'ibot with its patch loss off',
    check: (h) => {
      // no masks, no patch term: what is left is DINO's [CLS] loss on the ViT
      for (const r of h) {
        expect(r.maskedShare).toBe(0);
        expect(r.lossPatch).toBe(0);
        expect(r.loss).toBeCloseTo(r.lossCls, 5);
      }
    },
  },
  {
    id: 'dinov2', extra: `${VIT}&koleoWeight=0.1`, steps: 3, diagnostics: ['knn', 'teacherEntropy', 'kl', 'lossPatch', 'koleo'],
    check: (h) => {
      // DINOv2's total: [CLS] + patch + 0.1 · KoLeo, with KoLeo finite and reported each step
      for (const r of h) {
        expect(Number.isFinite(r.koleo)).toBe(true);
        expect(r.loss).toBeCloseTo(r.lossCls + r.lossPatch + 0.1 * r.koleo, 4);
      }
    },
  },
  // the tiny ViT backbone (small, to keep the first evaluation quick on wasm)
  { id: 'simclr', extra: '&backbone=vit&vitWidth=32&vitDepth=1&vitHeads=2', steps: 3, diagnostics: ['knn', 'contrastiveAcc'], label: 'simclr with the ViT backbone', check: (h) => expect(h.reduce((a, r) => a + r.contrastiveAcc, 0) / h.length).toBeGreaterThan(1 / (2 * B - 1)) },
];

for (const c of CASES) {
  test(`${c.label ?? c.id}: opened by URL with autorun, trains on wasm, its readouts finite, and what only it does holds`, async ({ page }) => {
    await page.goto(`/?method=${c.id}&autorun=1&backend=wasm&batchSize=${B}${c.extra}`);
    await waitForMetric(page, 'step', (s) => s >= c.steps);
    for (const d of c.diagnostics) {
      await expect(metric(page, d)).toBeVisible();
      await expect.poll(async () => Number.isFinite(await numberOf(page, d))).toBe(true);
    }
    const h = await history(page);
    expect(h.length).toBeGreaterThanOrEqual(c.steps);
    expect(h.map((r) => r.step)).toEqual(h.map((_, i) => i + 1)); // every step recorded, in order
    c.check(h);
    await expect(page.locator('[data-notice]')).toHaveCount(0); // the URL was valid: no notice
  });
}

// the ViT and the self-distillation ops (attention, masks, patch gather, KoLeo, multi-crop) also
// train on the GPU APIs — here on SwiftShader, the software GPU Chromium ships
for (const backend of ['webgl', 'webgpu']) {
  test(`dinov2 (tiny ViT) trains on ${backend}: finite loss and KoLeo, the total its terms`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto(`/?method=dinov2&autorun=1&backend=${backend}&batchSize=4&vitWidth=16&vitDepth=1&vitHeads=2&prototypes=16&localCrops=1&koleoWeight=0.1`);
    await expect(metric(page, 'backend')).toHaveText(backend, { timeout: 60_000 });
    await waitForMetric(page, 'step', (s) => s >= 2, 240_000);
    const h = await history(page);
    for (const r of h) expect(r.loss).toBeCloseTo(r.lossCls + r.lossPatch + 0.1 * r.koleo, 3);
    await expect.poll(async () => Number.isFinite(await numberOf(page, 'koleo'))).toBe(true);
    await expect(page.locator('[data-error]')).toHaveCount(0);
  });
}

test('a ViT run shows its attention maps on held-out shapes, per head, with their mask Jaccard', async ({ page }) => {
  await page.goto('/?method=dino&autorun=1&backend=wasm&batchSize=8&dataset=shapes&backbone=vit&vitWidth=16&vitDepth=1&vitHeads=2&prototypes=16&localCrops=0');
  const fig = page.locator('figure.attention');
  await expect(fig).toHaveAttribute('data-images', '12', { timeout: 120_000 });
  await expect(fig.locator('canvas')).toHaveCount(12);
  // paused, the readout is the best head's Jaccard of the maps the store holds, one value per head in [0, 1]
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(metric(page, 'status')).toHaveText('paused');
  await expect.poll(async () => labState<number | null>(page, 's.runs.main.attention?.jaccard?.[0] ?? null')).not.toBeNull();
  const perHead = await labState<number[]>(page, 's.runs.main.attention.jaccard');
  expect(perHead).toHaveLength(2);
  for (const j of perHead) expect(j >= 0 && j <= 1).toBe(true);
  await expect(metric(page, 'jaccard')).toHaveText(Math.max(...perHead).toFixed(3));
  await fig.locator('[data-head-button="1"]').click();
  await expect(fig).toHaveAttribute('data-head', '1');
  await expect(page.locator('[data-metric="jaccard"]').locator('..')).toContainText('head 2');
  await fig.locator('[data-head-button="all"]').click();
  await expect(fig).toHaveAttribute('data-head', 'all');
});
