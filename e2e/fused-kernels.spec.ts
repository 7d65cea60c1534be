// The fused WebGPU updates against the composite tfjs path they replace, on Chromium's WebGPU
// (SwiftShader here): the check is bundled on the fly and run in a blank page of the lab's origin.
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';

test('fused augmentations, pixels to floats, global average pooling, a dense layer, the cross-view loss of the DINO family, the MoCo enqueue, conv + bias + ReLU, NT-Xent, KoLeo, attention, LayerNorm, BatchNorm, GELU and unit rows (values and gradients), AdamW, SGD and EMA updates and pooled uploads match the composite path on WebGPU (relative error < 1e-4)', async ({ page, baseURL }) => {
  const bundle = await build({ entryPoints: ['e2e/fixtures/fused-check.ts'], bundle: true, format: 'iife', write: false, logLevel: 'warning', define: { 'process.env.NODE_ENV': '"production"' } });
  await page.route(`${baseURL}/__fused-check`, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>fused kernels</title><script src="/__fused-check.js"></script>' }));
  await page.route(`${baseURL}/__fused-check.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0].text }));
  await page.goto('/__fused-check');
  const result = await page.evaluate(() => (globalThis as unknown as { fusedCheck(): Promise<{ backend: string; errors: Record<string, number> }> }).fusedCheck());
  expect(result.backend).toBe('webgpu');
  expect(Object.keys(result.errors).sort()).toEqual(['adamW', 'adamWBesideClone', 'attention', 'augment', 'batchNorm', 'convBiasRelu', 'crossView', 'dense', 'ema', 'gelu', 'koleo', 'layerNorm', 'mocoEnqueue', 'ntXent', 'pixels', 'scalarUploads', 'sgd', 'spatialMean', 'unitRows']);
  console.log(JSON.stringify(result.errors), JSON.stringify((result as { perArray?: unknown }).perArray));
  for (const [name, err] of Object.entries(result.errors)) expect(err, name).toBeLessThan(1e-4);
  // the pixel table holds the CPU path's own values: the same tensor, bit for bit
  expect(result.errors.pixels).toBe(0);
});
