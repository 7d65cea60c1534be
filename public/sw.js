// The lab's one service worker, with one cache policy. Two jobs:
// 1. Offline: it keeps the whole app (every file the build lists in precache.json: the pages'
//    and workers' scripts, the wasm modules, the fonts, the MNIST bytes) in a cache named after
//    the build, so that after one visit the lab opens and trains with the network off.
// 2. Cross-origin isolation for hosts that cannot send headers: every response it serves carries
//    the two headers that isolate a page (SharedArrayBuffer, and with it wasm's threads).
// It answers only requests to the lab's own origin and makes none elsewhere (the lab has none).
// Files: the network first for pages (a new build shows when online), the cache first for the
// build's hashed files (they never change), and what it fetches it keeps. A new build's worker
// waits until the page leaves (the page then tells it to take over), so a running lesson never
// mixes two builds; the page says that an update is ready (src/app/offline.ts).
const ISOLATING = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
const PREFIX = 'lab-';
/** stored once every listed file is in the cache: the page reads it to say "available offline" */
const READY = 'offline-ready';

const scoped = (path) => new URL(path, self.registration.scope).href;

async function manifest() {
  const res = await fetch(scoped('precache.json'), { cache: 'no-store' });
  // (the dev server has no build to keep: it answers with its page)
  if (!res.ok || !/json/.test(res.headers.get('content-type') ?? '')) return null;
  return res.json();
}

// the first worker of this origin takes the page at once (isolation cannot wait); a new build's
// worker waits until the page leaves and tells it to take over
self.addEventListener('install', () => (self.registration.active ? undefined : self.skipWaiting()));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** The build this worker keeps (known once precache.json has been read). */
let building = null;

/** Every listed file into this build's cache, then the ready mark, then older builds' caches gone. */
async function keepAll() {
  const m = await manifest().catch(() => undefined);
  if (!m) {
    // offline (or a server without a build): what this browser kept already
    for (const k of await caches.keys()) if (k.startsWith(PREFIX) && (await (await caches.open(k)).match(scoped(READY)))) return { ready: true };
    return { ready: false, why: m === null ? 'no build to keep' : 'offline' };
  }
  building = PREFIX + m.build;
  const cache = await caches.open(building);
  if (!(await cache.match(scoped(READY)))) {
    // each file once, in small groups (a slow line is not flooded), what is there already skipped
    const todo = [];
    for (const u of new Set(m.files.map(scoped))) if (!(await cache.match(u))) todo.push(u);
    for (let i = 0; i < todo.length; i += 6) await cache.addAll(todo.slice(i, i + 6));
    await cache.put(scoped(READY), new Response(JSON.stringify({ build: m.build, files: m.files.length })));
  }
  for (const k of await caches.keys()) if (k.startsWith(PREFIX) && k !== building) await caches.delete(k);
  return { ready: true, files: m.files.length, build: m.build };
}

// the page asks for the files to be kept once it has started (never before a lesson's first step)
self.addEventListener('message', (event) => {
  if (event.data?.type === 'take-over') self.skipWaiting();
  if (event.data?.type === 'keep')
    event.waitUntil(
      keepAll().then(
        (r) => event.source?.postMessage({ type: 'kept', ...r }),
        (e) => event.source?.postMessage({ type: 'kept', ready: false, error: String(e) }),
      ),
    );
});

function isolated(response) {
  if (response.status === 0 || response.type === 'opaque') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATING)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function fromCache(request) {
  for (const key of (await caches.keys()).filter((k) => k.startsWith(PREFIX))) {
    // (ignoreVary: vite preview says Vary: Origin, and a module script's request carries an Origin the kept one lacked)
    const hit = await (await caches.open(key)).match(request, { ignoreSearch: request.mode === 'navigate', ignoreVary: true });
    if (hit) return hit;
  }
  return undefined;
}

async function keep(request, response) {
  if (request.method !== 'GET' || !response.ok || response.status === 206) return;
  const key = building ?? (await caches.keys()).find((k) => k.startsWith(PREFIX));
  if (key) await (await caches.open(key)).put(request, response.clone());
}

async function answer(request) {
  const url = new URL(request.url);
  const page = request.mode === 'navigate';
  const hashed = /\/assets\//.test(url.pathname);
  if (!page && hashed) {
    const hit = await fromCache(request);
    if (hit) return isolated(hit);
  }
  try {
    const response = await fetch(request);
    if (!page) await keep(request, response);
    return isolated(response);
  } catch (e) {
    // offline: the page itself (any lesson's address is the same page), or any file kept
    const hit = page ? (await fromCache(request)) ?? (await fromCache(new Request(scoped('index.html')))) : await fromCache(request);
    if (hit) return isolated(hit);
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin || request.method !== 'GET') return;
  // a request the browser may only answer from its cache is not ours to refetch
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(answer(request));
});
