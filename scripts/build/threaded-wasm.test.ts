import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fixThreadedWasm } from './threaded-wasm';

const file = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
const original = readFileSync(file, 'utf8');
// the inner factory, the part tfjs turns back into source for its pthread workers
const inner = (code: string) => code.slice(code.indexOf('function(WasmBackendModuleThreadedSimd)'), code.lastIndexOf('return WasmBackendModuleThreadedSimd.ready'));

describe('the threaded wasm module, as the build serves it', () => {
  it('reads nothing from the closure that tfjs cuts it out of', () => {
    expect(inner(original)).toContain('_scriptDir'); // the hazard is real in tfjs 4.22
    expect(inner(fixThreadedWasm(original))).not.toContain('_scriptDir');
  });
  it('counts every logical core, not half of them', () => {
    const fixed = fixThreadedWasm(original);
    expect(fixed).toContain('return 2*navigator["hardwareConcurrency"]');
  });
  it('starts the pthread workers the page asks for, not always 8', () => {
    expect(original).toContain('var pthreadPoolSize=8;');
    // the module's own code, run with the page's count set: as many workers as asked
    const start = (asked: number | undefined) => {
      const allocated: number[] = [];
      const PThread = { allocateUnusedWorker: () => allocated.push(1) };
      const body = fixThreadedWasm(original).match(/initMainThread:function\(\)\{(var pthreadPoolSize=[^;]+;while\(pthreadPoolSize--\)\{PThread\.allocateUnusedWorker\(\)\})/)![1];
      new Function('self', 'PThread', body)({ __labPthreads: asked }, PThread);
      return allocated.length;
    };
    expect(start(2)).toBe(2);
    expect(start(undefined)).toBe(8);
  });
  it('fails the build when tfjs changes the code it patches', () => {
    expect(() => fixThreadedWasm(original.replace('"urlOrBlob":Module["mainScriptUrlOrBlob"]||_scriptDir', '"urlOrBlob":x'))).toThrow(/urlOrBlob/);
  });
});
