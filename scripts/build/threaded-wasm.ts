// tfjs-backend-wasm starts its pthread workers from `factory.toString()`: the inner factory function
// is cut out of its closure and run alone in a Blob worker. The inner function reads the closure's
// `_scriptDir` behind a `typeof _scriptDir !== "undefined"` guard, which is safe only while the
// variable is unknown to the code. A minifier sees the closure's declaration, renames the variable
// and drops the guard, and the pthread workers die with "… is not defined". In a worker (the only
// place the lab runs tfjs) `_scriptDir` is always undefined (no document, no __filename), so the
// build replaces the two reads inside the inner function with `undefined` before minifying.
// Second, tfjs' C++ caps its pool at half of navigator.hardwareConcurrency (it assumes two hardware
// threads per core), which on a 2-core laptop means one thread whatever is asked. The lab asks for
// one thread per logical core (src/engine/backend.ts) and measures whether that pays
// (`npm run bench`), so the cap is lifted to the full count. If a tfjs upgrade changes either piece
// of code, the build fails here rather than shipping a single-threaded lab.
// Third, the module starts 8 pthread workers up front, whatever is asked; each loads the module's
// JS and instantiates its wasm, which on a 2-core laptop delays step 1 by a few hundred ms. It
// starts as many as the page set in `self.__labPthreads` (src/engine/backend.ts), or 8.
import type { Plugin } from 'vite';

const MODULE = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const READS: [string, string][] = [
  ['if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}', ''],
  ['"urlOrBlob":Module["mainScriptUrlOrBlob"]||_scriptDir', '"urlOrBlob":Module["mainScriptUrlOrBlob"]'],
  [
    'function _emscripten_num_logical_cores(){if(ENVIRONMENT_IS_NODE)return require("os").cpus().length;return navigator["hardwareConcurrency"]}',
    'function _emscripten_num_logical_cores(){if(ENVIRONMENT_IS_NODE)return require("os").cpus().length;return 2*navigator["hardwareConcurrency"]}',
  ],
  ['initMainThread:function(){var pthreadPoolSize=8;', 'initMainThread:function(){var pthreadPoolSize=self["__labPthreads"]||8;'],
];

export function fixThreadedWasm(code: string): string {
  let out = code;
  for (const [from, to] of READS) {
    const parts = out.split(from);
    if (parts.length !== 2) throw new Error(`threaded-wasm: expected one "${from}" in tfjs' threaded module, found ${parts.length - 1}`);
    out = parts.join(to);
  }
  return out;
}

export function threadedWasm(): Plugin {
  return {
    name: 'lab:threaded-wasm',
    enforce: 'pre',
    transform(code, id) {
      return MODULE.test(id) ? { code: fixThreadedWasm(code), map: null } : null;
    },
  };
}
