import { describe, expect, it } from 'vitest';
import { decide, fastest } from './choice';

const WASM2 = { backend: 'wasm' as const, threads: 2 };
const WASM1 = { backend: 'wasm' as const, threads: 1 };
const GPU = { backend: 'webgpu' as const };

describe('auto picks the backend by the page’s own measured step', () => {
  it('picks the faster of WebGPU and wasm, and says by how much', () => {
    const slowGpu = fastest([{ ...GPU, msPerStep: 900 }, { ...WASM2, msPerStep: 610 }]);
    expect(slowGpu).toMatchObject({ backend: 'wasm', threads: 2, source: 'measured' });
    expect(slowGpu.why).toBe('fastest per step here: wasm ×2 610 ms · webgpu 900 ms');
    expect(fastest([{ ...GPU, msPerStep: 80 }, { ...WASM2, msPerStep: 610 }])).toMatchObject({ backend: 'webgpu' });
  });
  it('uses one thread where two are slower, and the cheaper one on a tie', () => {
    expect(fastest([{ ...WASM2, msPerStep: 700 }, { ...WASM1, msPerStep: 650 }])).toMatchObject({ backend: 'wasm', threads: 1 });
    expect(fastest([{ ...WASM2, msPerStep: 500 }, { ...WASM1, msPerStep: 510 }])).toMatchObject({ threads: 1 });
    expect(fastest([{ ...WASM2, msPerStep: 400 }, { ...WASM1, msPerStep: 510 }])).toMatchObject({ threads: 2 });
  });
  it('a forced backend= wins over a remembered choice', () => {
    expect(decide('wasm', GPU, [GPU, WASM2])).toMatchObject({ backend: 'wasm', source: 'forced' });
    expect(decide('webgl', null, [WASM2])).toMatchObject({ backend: 'webgl', source: 'forced' });
  });
  it('reuses a remembered choice, and measures again when there is none or it no longer fits the machine', () => {
    expect(decide('auto', { ...GPU, why: 'fastest per step here: webgpu 80 ms' }, [GPU, WASM2, WASM1])).toMatchObject({ backend: 'webgpu', source: 'remembered', why: expect.stringContaining('webgpu 80 ms') });
    expect(decide('auto', WASM1, [WASM2, WASM1])).toMatchObject({ backend: 'wasm', threads: 1, source: 'remembered' });
    expect(decide('auto', null, [GPU, WASM2])).toBeNull();
    expect(decide('auto', GPU, [WASM2, WASM1])).toBeNull(); // no GPU on this visit
    expect(decide('auto', { backend: 'wasm', threads: 8 }, [WASM2, WASM1])).toBeNull();
  });
  it('with one candidate there is nothing to measure', () => {
    expect(decide('auto', null, [WASM1])).toMatchObject({ backend: 'wasm', threads: 1, why: expect.stringContaining('nothing else to try') });
  });
});
