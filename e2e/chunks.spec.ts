import { expect, test, type Browser, type Page } from '@playwright/test';

// What a page's first paint fetches, read from the scripts themselves: each marker is a string only
// one piece of code carries (the lesson page's placeholder, iBOT's masked-patch figure, DINO's
// attention grid, KaTeX's runtime)
const MARKERS = { lessonPage: 'Loading the lesson…', maskedPatches: 'masked-patches', attentionGrid: 'attention-grid', katexRuntime: 'KaTeX parse error' };

/** The scripts a first visit to `url` fetched by the time `ready` shows (a fresh profile: nothing cached). */
async function scriptsOf(browser: Browser, url: string, ready: string, then?: (page: Page) => Promise<void>): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies: Promise<string>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script' && !/worker/.test(r.url())) bodies.push(r.text().catch(() => ''));
  });
  await page.goto(url);
  await page.locator(ready).first().waitFor();
  const first = (await Promise.all(bodies)).join('\n');
  await then?.(page);
  await context.close();
  return first;
}
const has = (js: string) => Object.fromEntries(Object.entries(MARKERS).map(([k, m]) => [k, js.includes(m)]));

test('the home page and each lesson fetch only the code they show (no other page, widget or KaTeX runtime)', async ({ browser }) => {
  expect(has(await scriptsOf(browser, '/', '.lesson-list a'))).toEqual({ lessonPage: false, maskedPatches: false, attentionGrid: false, katexRuntime: false });
  expect(has(await scriptsOf(browser, '/?lesson=simclr', '.lesson h2'))).toEqual({ lessonPage: true, maskedPatches: false, attentionGrid: false, katexRuntime: false });
  // (the check sees a widget a lesson does place)
  expect(has(await scriptsOf(browser, '/?lesson=ibot', '.lesson h2'))).toMatchObject({ lessonPage: true, maskedPatches: true, katexRuntime: false });
  // the temperature lesson's interactive derivation loads KaTeX when it nears the screen, not before
  let typeset = 0;
  const first = await scriptsOf(browser, '/?lesson=temperature', '.lesson h2', async (page) => {
    await page.locator('.tex-display, .tex').first().scrollIntoViewIfNeeded();
    await expect(page.locator('.tex .katex, .tex-display .katex').first()).toBeAttached();
    typeset = await page.locator('.tex .katex, .tex-display .katex').count();
  });
  expect(has(first).katexRuntime).toBe(false);
  expect(typeset).toBeGreaterThan(0);
});
