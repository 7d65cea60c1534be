import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { metric, waitForMetric } from './helpers';

// The pages checked: the course map and every lesson it links to (read off the map, so a new lesson
// is checked too); the list is printed with the results.
const LESSONS = ['simclr', 'temperature', 'moco', 'collapse', 'small-batch', 'projection-head', 'dino', 'ibot', 'dinov2', 'budget'];
const VIT = ['dino', 'ibot', 'dinov2'];

test('the course map links to exactly the lessons this spec checks', async ({ page }) => {
  await page.goto('/');
  const ids = await page.locator('.lesson-list a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).searchParams.get('lesson')));
  expect([...new Set(ids)].sort()).toEqual([...LESSONS].sort());
});

async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
}

test('axe: the course map has no serious or critical violation', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.lesson-list a').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

for (const lesson of LESSONS) {
  test(`axe: ${lesson}, idle and after 5 training steps, has no serious or critical violation`, async ({ page }) => {
    // small batches keep the ViT pages' five steps short; what is checked is the page, not the run
    await page.goto(`/?lesson=${lesson}&backend=wasm&batchSize=16${VIT.includes(lesson) ? "&localCrops=1" : ""}`);
    await expect(metric(page, 'status')).toHaveText('idle');
    expect(await seriousViolations(page), `${lesson}, idle`).toEqual([]);
    await page.getByRole('button', { name: 'Start training' }).click();
    await waitForMetric(page, 'step', (s) => s >= 5);
    await page.getByRole('button', { name: 'Pause training' }).click();
    await expect(metric(page, 'status')).toHaveText('paused');
    expect(await seriousViolations(page), `${lesson}, after 5 steps`).toEqual([]);
  });
}

for (const width of [768, 1024]) {
  test(`at ${width} px: no page scrolls sideways, and Train is on the first screen`, async ({ browser }) => {
    const ctx = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await ctx.newPage();
    for (const path of ['/', ...LESSONS.map((l) => `/?lesson=${l}&backend=wasm`)]) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      if (path !== '/') {
        await expect(metric(page, 'status')).toHaveText('idle');
        const box = await page.getByRole('button', { name: 'Start training' }).boundingBox();
        expect(box, path).not.toBeNull();
        expect(box!.y >= 0 && box!.y + box!.height <= 800 && box!.x >= 0 && box!.x + box!.width <= width, `${path}: Train at ${JSON.stringify(box)}`).toBe(true);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBe(width);
    }
    await ctx.close();
  });
}
