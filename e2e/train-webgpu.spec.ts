// The training step on WebGPU (Chromium's; SwiftShader here) against the same step on tfjs' cpu
// backend, from one seed on Shapes: the first step's loss (the same weights and views) to 1e-4, the
// third's (after two updates through every fused program) to 1e-3, relative. CI runs SimCLR (the CNN,
// conv + bias + ReLU, NT-Xent, the augmentations, AdamW) to stay within its time; software WebGPU
// and the cpu backend take about 75 s for a ViT method. LAB_TRAIN_METHODS=simclr,moco,byol,simsiam,
// dino,ibot,dinov2 runs all seven (about 5 min).
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';

const METHODS = (process.env.LAB_TRAIN_METHODS ?? 'simclr').split(',');
const STEPS = 3;

test('the training step on WebGPU gives the composite ops\' losses for three steps', async ({ page, baseURL }) => {
  test.setTimeout(60_000 + 110_000 * METHODS.length);
  const bundle = await build({ entryPoints: ['e2e/fixtures/train-check.ts'], bundle: true, format: 'iife', write: false, logLevel: 'warning', define: { 'process.env.NODE_ENV': '"production"' } });
  await page.route(`${baseURL}/__train-check`, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>train</title><script src="/__train-check.js"></script>' }));
  await page.route(`${baseURL}/__train-check.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0].text }));
  await page.goto('/__train-check');
  const r = await page.evaluate(
    ([m, s]) => (globalThis as unknown as { trainCheck(m: string[], s: number): Promise<{ backend: string; cpu: Record<string, number[]>; webgpu: Record<string, number[]>; leaked: number }> }).trainCheck(m, s),
    [METHODS, STEPS] as const,
  );
  expect(r.backend).toBe('webgpu');
  console.log(JSON.stringify(r));
  for (const m of METHODS) {
    const [c, g] = [r.cpu[m], r.webgpu[m]];
    expect(g.length, m).toBe(STEPS);
    expect(g.every(Number.isFinite), m).toBe(true);
    expect(Math.abs(g[0] - c[0]) / Math.abs(c[0]), `${m} step 1`).toBeLessThan(1e-4);
    expect(Math.abs(g[STEPS - 1] - c[STEPS - 1]) / Math.abs(c[STEPS - 1]), `${m} step ${STEPS}`).toBeLessThan(1e-3);
  }
  expect(r.leaked).toBe(0);
});
