// Cross-origin isolation for hosts that cannot send headers (a plain static host): this service
// worker re-serves the lab's own responses with the two headers that isolate a page, so that
// SharedArrayBuffer, and with it tfjs' threaded wasm, is there. It never touches a request to
// another origin (the lab makes none), and it keeps nothing. Registered by src/app/isolate.ts only
// where the page is not isolated already.
const ISOLATING = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;
  // a request the browser may only answer from its cache is not ours to refetch
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.status === 0 || response.type === 'opaque') return response;
      const headers = new Headers(response.headers);
      for (const [name, value] of Object.entries(ISOLATING)) headers.set(name, value);
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }),
  );
});
