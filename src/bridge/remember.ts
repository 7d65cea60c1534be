// What auto chose for a method, kept in this browser (localStorage) so the next visit starts on it
// without measuring. Anything unreadable there is ignored, never trusted.
import type { MethodId } from '../config/methods';
import { MAX_THREADS } from '../config/methods';
import type { RememberedBackend } from '../worker/protocol';

const key = (method: MethodId) => `lab.backend.v1.${method}`;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
const storage = (): Store | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked (private mode, policy): nothing is remembered
  }
};

export function parseRemembered(raw: string | null): RememberedBackend | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<RememberedBackend>;
    const why = typeof v.why === 'string' ? v.why.slice(0, 200) : '';
    if (v.backend === 'webgpu') return { backend: 'webgpu', why };
    if (v.backend === 'wasm' && Number.isInteger(v.threads) && v.threads! >= 1 && v.threads! <= MAX_THREADS) return { backend: 'wasm', threads: v.threads, why };
  } catch {
    /* not JSON */
  }
  return null;
}

export const recall = (method: MethodId, store = storage()): RememberedBackend | null => parseRemembered(store?.getItem(key(method)) ?? null);

export function remember(method: MethodId, choice: RememberedBackend, store = storage()) {
  try {
    store?.setItem(key(method), JSON.stringify(choice));
  } catch {
    /* full or blocked: the next visit measures again */
  }
}

export const forget = (method: MethodId, store = storage()) => store?.removeItem(key(method));
