// The backend a page trains on. A forced `backend=` or a choice this browser remembers starts at
// once. Otherwise `auto` measures: with a real GPU, a few steps of the page's own model on WebGPU
// and on wasm (in the worker, before training); wasm's thread count then on the first training
// steps themselves (see tune.ts), so a page without a GPU starts as fast as before.
import type { BackendChoice, MethodId } from '../config/methods';
import type { Config } from '../config/schema';
import { autoCandidates, startBackend, wasmCandidates, type BackendInfo, type BackendOptions } from '../engine/backend';
import { candidateName, decide, fastest, type Candidate, type Timed } from '../engine/choice';
import { loadDataset, type ByteSource } from '../engine/data';
import { Trainer } from '../engine/trainer';

export interface Start {
  info: BackendInfo;
  /** thread counts still to try on the first training steps */
  threadTrial: number[] | null;
  /** measured before training: the page remembers it */
  remember: (Candidate & { why: string }) | null;
}

/** Per candidate: at most this long timing steps after the warm-up one. */
const TIME_MS = 700;

/** Median ms of a few training steps of the page's model on the active backend, after one warm-up step. */
async function timeSteps(method: MethodId, config: Config, bytes: ByteSource): Promise<number> {
  const tr = new Trainer(method, config, await loadDataset(config, bytes));
  try {
    const warm = (await tr.trainStep()).ms;
    const ms: number[] = [];
    const t0 = performance.now();
    // a backend whose warm-up step took seconds is slow enough: one more step tells how slow
    while (ms.length < 3 && (ms.length === 0 || (performance.now() - t0 < TIME_MS && warm < 3000))) ms.push((await tr.trainStep()).ms);
    return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
  } finally {
    tr.dispose();
  }
}

export async function chooseStart(
  choice: BackendChoice,
  remembered: (Candidate & { why?: string }) | null,
  job: { method: MethodId; config: Config; bytes: ByteSource; say: (message: string) => void },
  opts: BackendOptions,
): Promise<Start> {
  // threads=N in the address fixes wasm's pool as backend= fixes the backend
  const asked = opts.threads != null && choice === 'auto' ? `threads=${opts.threads} in the address` : null;
  const wasmOnly = wasmCandidates(opts.threads);
  const many = asked ? undefined : wasmOnly.find((c) => (c.threads ?? 1) > 1)?.threads;
  const trial = many ? [1, many] : null;
  const measuringThreads = { source: 'measuring' as const, reason: `measuring wasm ×1 against ×${many} on the first training steps` };
  // many threads first where a second pool of them still fits tfjs' 8 workers (a pool, once made,
  // keeps its workers), so that step 1 comes as fast as the machine allows
  const order = many && many <= 5 ? [many, 1] : trial;
  // wasm needs no GPU to be asked about: a remembered wasm choice starts at once, and where auto
  // has nothing remembered, wasm (the answer without a real GPU, a candidate with one) starts
  // compiling while the adapter is asked for and the data set planned
  if (choice === 'auto' && !asked && remembered?.backend === 'wasm') {
    const settled = decide(choice, remembered, wasmOnly);
    if (settled?.source === 'remembered') return { info: { ...(await startBackend(settled, opts)), source: settled.source }, threadTrial: null, remember: null };
  }
  const startWasm = () => startBackend({ backend: 'wasm', threads: order?.[0] ?? 1, source: 'measured', why: measuringThreads.reason }, { ...opts, threadedPool: many ?? 1 });
  const early = choice === 'auto' && !asked && !remembered ? startWasm() : null;
  early?.catch(() => {}); // (awaited below; a failure shows there)
  const available = choice === 'auto' ? await autoCandidates(opts.threads) : [];
  const gpu = available.find((c) => c.backend === 'webgpu');
  if (asked && !gpu) return { info: { ...(await startBackend({ backend: 'wasm', source: 'forced', why: asked }, opts)), source: 'forced' }, threadTrial: null, remember: null };
  const settled = decide(choice, asked && remembered?.backend === 'wasm' ? null : remembered, available);
  if (settled) {
    await early?.catch(() => {}); // (never two backends starting at once)
    return { info: { ...(await startBackend(settled, opts)), source: settled.source }, threadTrial: null, remember: null };
  }
  if (!gpu) {
    const info = await (early ?? startWasm());
    return { info: { ...info, ...measuringThreads }, threadTrial: order, remember: null };
  }
  await early?.catch(() => {});
  const timed: Timed[] = [];
  for (const c of [gpu, { backend: 'wasm' as const, threads: asked ? opts.threads! : 1 }]) {
    job.say(`Timing a training step on ${candidateName(c)}…`);
    try {
      await startBackend({ ...c, source: 'measured', why: '' }, { ...opts, threadedPool: many ?? 1 });
      timed.push({ ...c, msPerStep: await timeSteps(job.method, job.config, job.bytes) });
    } catch {
      /* a candidate that cannot train is not one */
    }
  }
  const best = fastest(timed.length ? timed : [{ backend: 'wasm', threads: 1, msPerStep: 0 }]);
  const info = await startBackend(best, { ...opts, threadedPool: many ?? 1 });
  if (best.backend === 'wasm' && trial) return { info: { ...info, ...measuringThreads, reason: `${best.why}; ${measuringThreads.reason}` }, threadTrial: trial, remember: null };
  return { info: { ...info, source: 'measured' }, threadTrial: null, remember: { backend: best.backend as Candidate['backend'], ...(best.threads ? { threads: best.threads } : {}), why: best.why } };
}
