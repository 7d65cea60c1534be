// Threads for wasm need a cross-origin isolated page. `npm start` (vite preview) and `vite` send
// the headers themselves; a static host that cannot gets them from public/sw.js (the lab's one
// service worker, which also keeps it for offline use, see offline.ts): register
// it, and load the page once more under it. Never more than once per tab, so a browser that will
// not isolate still gets the lab, on one thread.
const TRIED = 'lab.isolate.tried';

export type Isolation = 'isolated' | 'reloading' | 'unavailable';

export async function isolate(): Promise<Isolation> {
  if (self.crossOriginIsolated) {
    sessionStorage.removeItem(TRIED);
    return 'isolated';
  }
  if (!window.isSecureContext || !('serviceWorker' in navigator) || sessionStorage.getItem(TRIED)) return 'unavailable';
  try {
    sessionStorage.setItem(TRIED, '1');
    await navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
    await navigator.serviceWorker.ready;
    window.location.reload();
    return 'reloading';
  } catch {
    return 'unavailable';
  }
}
