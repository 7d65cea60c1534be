// `npm run check-reference` with the engine on WebGPU (Chromium's, SwiftShader here): the same
// reference vectors the harness checks on wasm — the project's set beside the repository when it
// is there, else the copy in src/engine/__fixtures__ — through the same checks, bundled on the fly.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';

const shared = join(process.cwd(), '..', 'shared', 'reference');
const DIR = existsSync(shared) ? shared : join(process.cwd(), 'src', 'engine', '__fixtures__');

test('the reference vectors pass with the engine on WebGPU', async ({ page, baseURL }) => {
  const names = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  const files = names.map((f) => ({ name: f, json: JSON.parse(readFileSync(join(DIR, f), 'utf8')) }));
  const bundle = await build({ entryPoints: ['e2e/fixtures/reference-check.ts'], bundle: true, format: 'iife', write: false, logLevel: 'warning', define: { 'process.env.NODE_ENV': '"production"' } });
  await page.route(`${baseURL}/__reference-check`, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>reference</title><script src="/__reference-check.js"></script>' }));
  await page.route(`${baseURL}/__reference-check.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0].text }));
  await page.goto('/__reference-check');
  const result = await page.evaluate(
    ([f, p]) => (globalThis as unknown as { referenceCheck(files: { name: string; json: unknown }[], prefixed: boolean): Promise<{ backend: string; lines: { status: string; key: string; text: string }[] }> }).referenceCheck(f, p),
    [files, names.length > 1] as const,
  );
  expect(result.backend).toBe('webgpu');
  const failed = result.lines.filter((l) => l.status === 'FAIL').map((l) => `${l.key} ${l.text}`);
  expect(failed).toEqual([]);
  expect(result.lines.filter((l) => l.status === 'pass').length).toBeGreaterThanOrEqual(20);
});
