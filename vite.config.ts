import mdx from '@mdx-js/rollup';
import react from '@vitejs/plugin-react';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { gzipAsset } from './scripts/build/gzip-asset';
import { crossOriginIsolation } from './scripts/build/isolation';
import { precache } from './scripts/build/precache';
import { scrollBoxes } from './scripts/build/scroll-boxes';
import { threadedWasm } from './scripts/build/threaded-wasm';

export default defineConfig({
  plugins: [
    // lessons are MDX: prose and maths (rendered to HTML at build time by KaTeX) composing widgets
    { enforce: 'pre', ...mdx({ remarkPlugins: [remarkGfm, remarkMath], rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml' }], scrollBoxes] }) },
    react({ include: /\.(mdx|tsx|ts)$/ }),
    // threads for wasm: an isolated page, and a threaded module that survives minifying
    crossOriginIsolation(),
    threadedWasm(),
    // the files the service worker keeps for offline use (public/sw.js)
    precache(),
  ],
  // tfjs lives in the workers, which Vite bundles with these plugins only; their chunks (the
  // backends loaded when asked for, what those share) are named as the workers' own, so that the
  // bench tells them from the page's
  worker: { format: 'es', plugins: () => [threadedWasm(), gzipAsset()], rollupOptions: { output: { chunkFileNames: 'assets/worker-[name]-[hash].js' } } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  // the browser build's tfjs: the union package without layers, converter and data (tfjs-lite.ts)
  resolve: { alias: [{ find: /^@tensorflow\/tfjs$/, replacement: fileURLToPath(new URL('./scripts/build/tfjs-lite.ts', import.meta.url)) }] },
  server: { port: 5173, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'lessons/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
