import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { metric, waitForMetric } from './helpers';

// A plain static host: the built lab (dist/, which the e2e web server has just built), served with
// no isolation headers, as GitHub Pages or a USB stick's file server would.
const PORT = 4329;
const TYPES: Record<string, string> = { '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png', '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.woff2': 'font/woff2' };
let server: Server;

test.beforeAll(async () => {
  const root = join(process.cwd(), 'dist');
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url!, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(root, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? (path === '/' ? 'text/html' : 'application/octet-stream') });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
});
test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

test('on a static host without headers, the service worker isolates the page, wasm gets its threads, and nothing leaves the origin, offline included', async ({ page, context }) => {
  const foreign: string[] = [];
  context.on('request', (r) => new URL(r.url()).origin !== `http://127.0.0.1:${PORT}` && foreign.push(r.url()));
  await page.goto(`http://127.0.0.1:${PORT}/?method=simclr&backend=wasm&batchSize=16&evalEvery=1000&autorun=1`);
  // the first load registers the worker and loads again under it
  const isolated = () => page.evaluate(() => self.crossOriginIsolated).catch(() => false); // (mid-reload)
  await expect.poll(isolated, { timeout: 30_000 }).toBe(true);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js$/);
  await waitForMetric(page, 'step', (s) => s >= 2);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await expect(metric(page, 'threads')).toHaveText(String(Math.min(8, cores)));
  // the network gone: training goes on, in the worker, on data it already has
  await context.setOffline(true);
  const before = Number(await metric(page, 'step').textContent());
  await waitForMetric(page, 'step', (s) => s >= before + 3);
  await context.setOffline(false);
  expect(foreign).toEqual([]);
});
