import { expect, test } from '@playwright/test';
import { LESSONS } from '../lessons';
import { JOURNEY } from '../lessons/course';

test('the course map lists every lesson, each link opens it, and the map remembers what was opened', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.journey > li')).toHaveCount(JOURNEY.length);
  await expect(page.locator('[data-lesson]')).toHaveCount(LESSONS.length);
  // nothing opened yet in this fresh browser
  await expect(page.locator('[data-progress]')).toHaveCount(0);
  for (const l of LESSONS) {
    await page.goto('/');
    await page.locator(`[data-lesson="${l.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`lesson=${l.id}`));
    await expect(page.locator('header h1')).toHaveText(l.title);
    // the lesson's own content has loaded, not only its frame
    await expect(page.locator('article.lesson h2').first()).toBeVisible({ timeout: 30_000 });
  }
  // every lesson is now marked as opened, in the lesson list and on the journey
  await page.goto('/');
  for (const l of LESSONS) await expect(page.locator(`.lesson-list [data-progress="${l.id}"]`)).toContainText('opened');
  await expect(page.locator('.journey [data-progress="dino"]')).toHaveCount(1);
});

test('the course map links each step to its lessons: MoCo to the MoCo lesson, BYOL also to the small-batch one', async ({ page }) => {
  await page.goto('/');
  const moco = page.locator('.journey [data-method="moco"] .journey-links a');
  await expect(moco).toHaveCount(1);
  await expect(moco).toHaveAttribute('href', '?lesson=moco');
  await expect(page.locator('.journey [data-method="moco"]')).not.toContainText('on the way');
  await expect(page.locator('.journey [data-method="byol"] .journey-links a')).toHaveCount(2);
  await moco.click();
  await expect(page).toHaveURL(/lesson=moco/);
  await expect(page.locator('header h1')).toHaveText(LESSONS.find((l) => l.id === 'moco')!.title);
});

test("the papers' tables sort by a column", async ({ page }) => {
  await page.goto('/');
  const table = page.locator('[data-table="imagenet-linear"]');
  const firstCell = () => table.locator('tbody tr').first().locator('td').first().textContent();
  expect(await firstCell()).toBe('Local Agg.');
  await table.locator('button.sort[data-col="1"]').click(); // top-1, highest first
  expect(await firstCell()).toBe('BYOL');
  await table.locator('button.sort[data-col="1"]').click();
  expect(await firstCell()).toBe('Local Agg.');
  await expect(page.locator('[data-table]')).toHaveCount(5);
});
