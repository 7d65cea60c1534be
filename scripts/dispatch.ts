// npm run dispatch -- [--method id]… [--batch N] [--json] [--dawn null|vulkan|…] [--until 200]: what one
// training step costs the WebGPU backend on the host — tfjs kernels, dispatches, bind groups, buffers
// created, compute passes, submits, readbacks, host ms — counted on Dawn in Node. With Dawn's null
// backend (the default) no shader runs, so it needs no GPU: the counts are the real ones, the times are
// tfjs' and Dawn's host work alone. The buffer pool's bytes and numTensors after 10 and 50 steps (and
// --until N) show growth.
import { METHOD_IDS, METHODS, type MethodId } from '../src/config/methods';
import { diff, installDawn, counts, type GpuCounts } from './lib/dawn';
import { oneOf, parseOrExit, UsageError, type Cli } from './lib/cli';

const WARM = 5;
const MEASURED = 10; // steps WARM+1 … WARM+MEASURED: their per-step median

const CLI: Cli = {
  command: 'npm run dispatch --',
  summary: `One training step's WebGPU host cost per method, on Dawn in Node (${WARM} warm-up steps, then the median of ${MEASURED}).`,
  flags: [
    { name: 'method', value: 'ID', repeat: true, help: `${METHOD_IDS.join(', ')} (default: all)` },
    { name: 'batch', value: 'N', int: true, help: "batch size (default: the method's preset)" },
    { name: 'dawn', value: 'BACKEND', help: "Dawn's backend: null (default; no GPU needed), vulkan, metal, d3d12, or auto" },
    { name: 'until', value: 'STEPS', int: true, help: 'also train to this step and report the pool and numTensors there (≥ 50)' },
    { name: 'json', help: 'one JSON object per method per line' },
  ],
};
const available = METHOD_IDS.filter((id) => METHODS[id].available);
const opts = parseOrExit(CLI, process.argv.slice(2), ({ flags }) => {
  const methods = ((flags.method as string[] | undefined) ?? available).map((m) => oneOf('--method', m, available) as MethodId);
  const batch = flags.batch === undefined ? undefined : Number(flags.batch);
  if (batch !== undefined && batch < 2) throw new UsageError('--batch must be at least 2');
  const until = flags.until === undefined ? 50 : Number(flags.until);
  if (until < 50) throw new UsageError('--until must be at least 50');
  const dawn = oneOf('--dawn', (flags.dawn as string | undefined) ?? 'null', ['null', 'vulkan', 'metal', 'd3d12', 'auto']);
  return { methods, batch, until, dawn: dawn === 'auto' ? '' : dawn, json: Boolean(flags.json) };
});

installDawn(opts.dawn);
// the engine after Dawn: tfjs-backend-webgpu registers only where navigator.gpu exists as it loads
const tf = await import('@tensorflow/tfjs');
const { initBackend } = await import('../src/engine/backend');
const { loadDataset } = await import('../src/engine/data');
const { Trainer } = await import('../src/engine/trainer');
const { presetConfig } = await import('../src/config/url');
const { validatePatch } = await import('../src/config/schema');
const { nodeBytes } = await import('./node-env');

const info = await initBackend('webgpu');
if (info.name !== 'webgpu') {
  console.error(`error: WebGPU did not start on Dawn's ${opts.dawn || 'default'} backend (got ${info.name}).`);
  process.exit(1);
}

let kernels = 0;
const engine = tf.engine() as unknown as { runKernelFunc(p: { kernelName?: string }): unknown };
const runKernelFunc = engine.runKernelFunc.bind(engine);
engine.runKernelFunc = (p) => {
  if (p.kernelName) kernels++;
  return runKernelFunc(p);
};
const pool = () => (tf.backend() as unknown as { bufferManager: { numBytesAllocated: number } }).bufferManager.numBytesAllocated;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const method of opts.methods) {
  const base = presetConfig(method, null);
  const checked = validatePatch(opts.batch === undefined ? {} : { batchSize: opts.batch }, base);
  for (const n of checked.notices) console.error(`notice: ${n.message}`);
  const config = { ...base, ...checked.patch };
  const tr = new Trainer(method, config, await loadDataset(config, nodeBytes));
  const per: (GpuCounts & { kernels: number; hostMs: number })[] = [];
  const at: Record<number, { pool: number; tensors: number }> = {};
  for (let s = 1; s <= opts.until; s++) {
    const before = { ...counts };
    const k0 = kernels;
    const t0 = performance.now();
    await tr.trainStep();
    const hostMs = performance.now() - t0;
    if (s > WARM && s <= WARM + MEASURED) per.push({ ...diff(counts, before), kernels: kernels - k0, hostMs });
    if (s === 10 || s === 50 || s === opts.until) at[s] = { pool: pool(), tensors: tf.memory().numTensors };
  }
  tr.dispose();
  const m = (k: keyof (typeof per)[number]) => median(per.map((p) => p[k]));
  const row = {
    method,
    batch: config.batchSize,
    kernels: m('kernels'),
    dispatches: m('dispatches'),
    bindGroups: m('bindGroups'),
    buffersCreated: m('buffersCreated'),
    computePasses: m('computePasses'),
    submits: m('submits'),
    readbacks: m('readbacks'),
    writeBuffers: m('writeBuffers'),
    hostMs: Math.round(m('hostMs') * 10) / 10,
    poolBytesAt10: at[10].pool,
    poolBytesAt50: at[50].pool,
    numTensorsAt10: at[10].tensors,
    numTensorsAt50: at[50].tensors,
    ...(opts.until > 50 ? { until: opts.until, poolBytesAtUntil: at[opts.until].pool, numTensorsAtUntil: at[opts.until].tensors } : {}),
    dawn: opts.dawn || 'auto',
    adapter: info.adapter,
  };
  if (opts.json) console.log(JSON.stringify(row));
  else {
    const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
    console.log(
      `${method} (batch ${row.batch}): ${row.kernels} kernels, ${row.dispatches} dispatches, ${row.bindGroups} bind groups, ${row.buffersCreated} buffers created, ` +
        `${row.computePasses} compute passes, ${row.submits} submits, ${row.readbacks} readbacks, ${row.writeBuffers} writeBuffer; host ${row.hostMs} ms; ` +
        `pool ${mb(row.poolBytesAt10)} at step 10, ${mb(row.poolBytesAt50)} at 50${row.until ? `, ${mb(row.poolBytesAtUntil!)} at ${row.until}` : ''}; ` +
        `numTensors ${row.numTensorsAt10} → ${row.numTensorsAt50}${row.until ? ` → ${row.numTensorsAtUntil}` : ''}`,
    );
  }
}
process.exit(0);
