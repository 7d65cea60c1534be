import { describe, expect, it } from 'vitest';
import { forget, parseRemembered, recall, remember } from './remember';

const memoryStore = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
};

describe('the remembered backend', () => {
  it('is kept per method and forgotten on “measure again”', () => {
    const s = memoryStore();
    remember('dino', { backend: 'wasm', threads: 2, why: 'fastest per step here: wasm ×2 400 ms · wasm ×1 700 ms' }, s);
    expect(recall('dino', s)).toEqual({ backend: 'wasm', threads: 2, why: 'fastest per step here: wasm ×2 400 ms · wasm ×1 700 ms' });
    expect(recall('simclr', s)).toBeNull();
    forget('dino', s);
    expect(recall('dino', s)).toBeNull();
  });
  it('ignores what it cannot trust', () => {
    for (const raw of ['{', '{"backend":"tpu"}', '{"backend":"wasm","threads":0}', '{"backend":"wasm","threads":2.5}', '{"backend":"wasm","threads":99}', '[]', 'null']) expect(parseRemembered(raw)).toBeNull();
    expect(parseRemembered('{"backend":"webgpu"}')).toEqual({ backend: 'webgpu', why: '' });
  });
});
