// The lab after one visit, without a network: the page registers the one service worker
// (public/sw.js) and, once it has started (a lesson's first step, or a few idle seconds), asks it
// to keep every file of the build; the header then says "works offline". A new build's worker
// waits while a lesson runs; the page says an update is ready, and hands over as it leaves, so the
// next load is the new build.
import { useSyncExternalStore } from 'react';

export type OfflineState = 'unsupported' | 'saving' | 'ready' | 'failed';

let state: { offline: OfflineState; update: boolean } = { offline: 'unsupported', update: false };
const listeners = new Set<() => void>();
const tell = (next: Partial<typeof state>) => {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
};

export function useOffline() {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => state,
  );
}

const scope = () => import.meta.env.BASE_URL;

/** Once `started` resolves: register the worker (or find it, where isolation registered it) and ask it to keep the build. */
export async function goOffline(started: Promise<void>): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  // nothing before the page has started: a worker in the way of step 1's files would slow it
  await started;
  let reg: ServiceWorkerRegistration | undefined;
  try {
    reg = await navigator.serviceWorker.register(`${scope()}sw.js`, { scope: scope() });
  } catch {
    reg = await navigator.serviceWorker.getRegistration(scope()); // (offline: the one this browser has)
  }
  if (!reg) return tell({ offline: 'failed' });
  navigator.serviceWorker.addEventListener('message', (e) => {
    if (e.data?.type !== 'kept') return;
    tell({ offline: e.data.ready ? 'ready' : e.data.why === 'no build to keep' ? 'unsupported' : 'failed' });
  });
  // a new build installed while this page runs: said, and applied when the page is left
  const r = reg;
  const waiting = () => r.waiting && navigator.serviceWorker.controller && tell({ update: true });
  waiting();
  r.addEventListener('updatefound', () => r.installing?.addEventListener('statechange', waiting));
  window.addEventListener('pagehide', () => r.waiting?.postMessage({ type: 'take-over' }));
  const active = (await navigator.serviceWorker.ready).active;
  if (!active) return;
  tell({ offline: 'saving' });
  active.postMessage({ type: 'keep' });
}
