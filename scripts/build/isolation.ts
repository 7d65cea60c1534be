// Cross-origin isolation for `vite` (dev) and `vite preview` (what `npm start` serves):
// SharedArrayBuffer, and with it tfjs' threaded wasm, exists only on an isolated page. Static
// hosts that cannot set headers get the same from public/sw.js (see src/app/isolate.ts).
import type { Plugin } from 'vite';

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // the lab never loads from another origin; saying so keeps require-corp from blocking our own files
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

export function crossOriginIsolation(): Plugin {
  const setHeaders = (res: { setHeader(k: string, v: string): void }) => {
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
  };
  return {
    name: 'lab:cross-origin-isolation',
    configureServer(server) {
      server.middlewares.use((_req, res, next) => (setHeaders(res), next()));
    },
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => (setHeaders(res), next()));
    },
  };
}
