import { expect, type Page } from '@playwright/test';

export const metric = (page: Page, name: string, run?: string) =>
  (run ? page.locator(`[data-run="${run}"] [data-metric="${name}"]`) : page.locator(`[data-metric="${name}"]`)).first();

export async function numberOf(page: Page, name: string): Promise<number> {
  return Number(await metric(page, name).textContent());
}

/** Wait until a numeric readout satisfies a predicate. */
export async function waitForMetric(page: Page, name: string, pred: (v: number) => boolean, timeout = 120_000) {
  await expect.poll(async () => pred(await numberOf(page, name)), { timeout, intervals: [250] }).toBe(true);
}

/** The store's state, read in the page (assert on data, not pixels). */
export async function labState<T>(page: Page, pick: string): Promise<T> {
  return page.evaluate((code) => {
    const s = (window as unknown as { __lab: { store: { getState(): unknown } } }).__lab.store.getState();
    return new Function('s', `return (${code})`)(s);
  }, pick) as Promise<T>;
}
