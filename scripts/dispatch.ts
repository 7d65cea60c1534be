// npm run dispatch -- [--method id]… [--batch N] [--json] [--dawn null|vulkan|…] [--until 200] [--top N] [--calls] [--repeat N]: what one
// training step costs the WebGPU backend on the host — tfjs kernels, dispatches, bind groups, buffers
// created, compute passes, submits, readbacks, host ms — counted on Dawn in Node. With Dawn's null
// backend (the default) no shader runs, so it needs no GPU: the counts are the real ones, the times are
// tfjs' and Dawn's host work alone. The buffer pool's bytes and numTensors after 10 and 50 steps (and
// --until N) show growth.
import { METHOD_IDS, METHODS, type MethodId } from '../src/config/methods';
import { callMs, diff, installDawn, counts, type GpuCounts } from './lib/dawn';
import { oneOf, parseOrExit, UsageError, type Cli } from './lib/cli';

const WARM = 40; // MoCo's queue fills by step 32 (4,096 keys, 128 a step): its buffers change size until then
const MEASURED = 10; // steps WARM+1 … WARM+MEASURED: their per-step median

/** One method's figures, as printed with --json. */
type Row = Record<string, number | string | number[]>;

const CLI: Cli = {
  command: 'npm run dispatch --',
  summary: `One training step's WebGPU host cost per method, on Dawn in Node (${WARM} warm-up steps, then the median of ${MEASURED}).`,
  flags: [
    { name: 'method', value: 'ID', repeat: true, help: `${METHOD_IDS.join(', ')} (default: all)` },
    { name: 'batch', value: 'N', int: true, help: "batch size (default: the method's preset)" },
    { name: 'dawn', value: 'BACKEND', help: "Dawn's backend: null (default; no GPU needed), vulkan, metal, d3d12, or auto" },
    { name: 'until', value: 'STEPS', int: true, help: 'also train to this step and report the pool and numTensors there (≥ 50)' },
    { name: 'top', value: 'N', int: true, help: 'also list the N kernels that dispatch most in a measured step' },
    { name: 'repeat', value: 'N', int: true, help: 'run each method N times, each in a fresh process; host ms is the median of the runs (default 1)' },
    { name: 'calls', help: 'also list the host ms per step of each kind of WebGPU call (timing them adds a little to host ms)' },
    { name: 'json', help: 'one JSON object per method per line' },
    { name: 'out', value: 'FILE', help: 'also write every row, the command, commit, date and machine to FILE (runs/dispatch.json)' },
  ],
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const available = METHOD_IDS.filter((id) => METHODS[id].available);
const opts = parseOrExit(CLI, process.argv.slice(2), ({ flags }) => {
  const methods = ((flags.method as string[] | undefined) ?? available).map((m) => oneOf('--method', m, available) as MethodId);
  const batch = flags.batch === undefined ? undefined : Number(flags.batch);
  if (batch !== undefined && batch < 2) throw new UsageError('--batch must be at least 2');
  const until = flags.until === undefined ? 50 : Number(flags.until);
  if (until < 50) throw new UsageError('--until must be at least 50');
  const dawn = oneOf('--dawn', (flags.dawn as string | undefined) ?? 'null', ['null', 'vulkan', 'metal', 'd3d12', 'auto']);
  const repeat = flags.repeat === undefined ? 1 : Number(flags.repeat);
  if (repeat < 1) throw new UsageError('--repeat must be at least 1');
  return { methods, batch, until, repeat, dawn: dawn === 'auto' ? '' : dawn, json: Boolean(flags.json), calls: Boolean(flags.calls), top: Number(flags.top ?? 0), out: flags.out as string | undefined };
});

// Each method runs in a child process of its own: tfjs' buffer pool never shrinks (a method after
// another would report the other's buffers too), and Dawn writes every device error to stdout,
// which the child's output keeps out of the report. The child writes its row to a file.
const CHILD = process.env.LAB_DISPATCH_ROW;
if (!CHILD) {
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync, existsSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'lab-dispatch-'));
  let failed = 0;
  const rows: Row[] = [];
  for (const m of opts.methods) {
    const runs: { row: Row; top: [string, number][]; calls: [string, number][] }[] = [];
    for (let k = 0; k < opts.repeat; k++) {
      const file = join(dir, `${m}-${k}.json`);
      const args = [...process.execArgv, process.argv[1], '--method', m, '--until', String(opts.until), '--dawn', opts.dawn || 'auto', ...(opts.calls ? ['--calls'] : []), ...(opts.batch ? ['--batch', String(opts.batch)] : [])];
      const r = spawnSync(process.execPath, args, { env: { ...process.env, LAB_DISPATCH_ROW: file }, encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== 0 || !existsSync(file)) {
        console.error(`error: the ${m} step did not run on WebGPU (exit ${r.status}):\n${(r.stderr || r.stdout || '').split('\n').slice(-15).join('\n')}`);
        break;
      }
      runs.push(JSON.parse(readFileSync(file, 'utf8')));
    }
    if (runs.length < opts.repeat) {
      failed++;
      continue;
    }
    const { row, top, calls } = runs[0];
    if (opts.repeat > 1) {
      // the counts are the engine's and repeat exactly; host ms follow the machine's load
      for (const k of ['kernels', 'dispatches', 'buffersCreated', 'buffersCreatedAfterWarm', 'bindGroups'])
        if (runs.some((x) => x.row[k] !== row[k])) console.error(`notice: ${m}'s ${k} differed between runs: ${runs.map((x) => x.row[k]).join(', ')}`);
      row.hostMsRuns = runs.map((x) => Number(x.row.hostMs));
      row.hostMs = median(runs.map((x) => Number(x.row.hostMs)));
    }
    rows.push(row);
    if (opts.json) console.log(JSON.stringify(row));
    else {
      console.log(describeRow(row));
      for (const [k, n] of top.slice(0, opts.top)) console.log(`  ${String(n).padStart(5)}  ${k}`);
      if (opts.calls) console.log(`  WebGPU calls, host ms per step: ${calls.map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(', ')}`);
    }
  }
  if (opts.out) {
    const { writeFileSync } = await import('node:fs');
    const { execSync } = await import('node:child_process');
    const os = await import('node:os');
    const commit = (() => {
      try {
        return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
      } catch {
        return 'unknown';
      }
    })();
    const command = `npm run dispatch -- ${process.argv.slice(2).join(' ')}`;
    writeFileSync(opts.out, JSON.stringify({ command, commit, date: new Date().toISOString(), machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`, warmSteps: WARM, measuredSteps: MEASURED, rows }, null, 2) + '\n');
  }
  process.exit(failed ? 1 : 0);
}

function describeRow(r: Row): string {
  const mb = (b: Row[string]) => `${(Number(b) / 2 ** 20).toFixed(1)} MB`;
  const long = r.until ? `, ${mb(r.poolBytesAtUntil)} at ${r.until}` : '';
  return (
    `${r.method} (batch ${r.batch}): ${r.kernels} kernels, ${r.dispatches} dispatches, ${r.bindGroups} bind groups, ${r.buffersCreated} buffers created ` +
    `(${r.buffersCreatedAfterWarm} in all steps after warm-up), ` +
    `${r.computePasses} compute passes, ${r.submits} submits, ${r.readbacks} readbacks, ${r.writeBuffers} writeBuffer; host ${r.hostMs} ms${r.hostMsRuns ? ` (median of runs: ${(r.hostMsRuns as number[]).join(', ')})` : ''}; ` +
    `pool ${mb(r.poolBytesAt10)} at step 10, ${mb(r.poolBytesAt50)} at 50${long}; numTensors ${r.numTensorsAt10} → ${r.numTensorsAt50}${r.until ? ` → ${r.numTensorsAtUntil}` : ''}` +
    (Number(r.gpuErrors) ? `\n  ${r.gpuErrors} WebGPU errors, the first: ${r.firstError} (Dawn's null backend caps its memory; the counts stand, host ms include the errors' handling)` : '')
  );
}

installDawn(opts.dawn, opts.calls);
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

// Dawn reports errors (the null backend's memory cap among them) here rather than by throwing;
// counted, so that a row whose device ran out of memory says so instead of printing every error
let gpuErrors = 0;
let firstError = '';
const device = (tf.backend() as unknown as { device: GPUDevice }).device;
// Any other error (an invalid shader, a bad binding) means the step did not run as written: it fails the meter.
let otherErrors = 0;
device.onuncapturederror = (e) => {
  const err = (e as GPUUncapturedErrorEvent).error;
  gpuErrors++;
  firstError ||= err.message.split('\n')[0];
  if (!(err instanceof GPUOutOfMemoryError) && !/is invalid due to a previous error/.test(err.message) && otherErrors++ === 0) console.error(`WebGPU error: ${err.message}`);
};

let kernels = 0;
// dispatches by the innermost kernel that made them (a custom gradient's ops under their own names)
const byKernel = new Map<string, number>();
const stack: string[] = [];
const engine = tf.engine() as unknown as { runKernelFunc(p: { kernelName?: string }): unknown };
const runKernelFunc = engine.runKernelFunc.bind(engine);
engine.runKernelFunc = (p) => {
  if (!p.kernelName) return runKernelFunc(p);
  kernels++;
  stack.push(p.kernelName);
  const d0 = counts.dispatches;
  try {
    return runKernelFunc(p);
  } finally {
    stack.pop();
    const own = counts.dispatches - d0;
    if (own > 0) byKernel.set(p.kernelName, (byKernel.get(p.kernelName) ?? 0) + own);
    // the parent's count excludes what its children made
    if (stack.length) byKernel.set(stack[stack.length - 1], (byKernel.get(stack[stack.length - 1]) ?? 0) - own);
  }
};
const pool = () => (tf.backend() as unknown as { bufferManager: { numBytesAllocated: number } }).bufferManager.numBytesAllocated;

for (const method of opts.methods) {
  const base = presetConfig(method, null);
  const checked = validatePatch(opts.batch === undefined ? {} : { batchSize: opts.batch }, base);
  for (const n of checked.notices) console.error(`notice: ${n.message}`);
  const config = { ...base, ...checked.patch };
  const tr = new Trainer(method, config, await loadDataset(config, nodeBytes));
  const per: (GpuCounts & { kernels: number; hostMs: number })[] = [];
  const at: Record<number, { pool: number; tensors: number }> = {};
  let top: [string, number][] = [];
  let calls: [string, number][] = [];
  let createdByWarm = 0;
  for (let s = 1; s <= opts.until; s++) {
    const before = { ...counts };
    const k0 = kernels;
    const t0 = performance.now();
    await tr.trainStep();
    const hostMs = performance.now() - t0;
    if (s === WARM + MEASURED) top = [...byKernel.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).slice(0, 40);
    if (s === WARM + MEASURED - 1) byKernel.clear();
    if (s === WARM) callMs.clear();
    if (s === WARM + MEASURED) calls = [...callMs].map(([k, v]): [string, number] => [k, v / MEASURED]).sort((a, b) => b[1] - a[1]);
    if (s > WARM && s <= WARM + MEASURED) per.push({ ...diff(counts, before), kernels: kernels - k0, hostMs });
    if (s === WARM) createdByWarm = counts.buffersCreated;
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
    // every step after warm-up, not the median: one that makes buffers now and then shows here
    buffersCreatedAfterWarm: counts.buffersCreated - createdByWarm,
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
    gpuErrors,
    ...(gpuErrors ? { firstError } : {}),
    dawn: opts.dawn || 'auto',
    adapter: info.adapter,
  };
  if (otherErrors) {
    console.error(`${otherErrors} WebGPU errors other than running out of memory: the ${method} step is broken on WebGPU.`);
    process.exit(1);
  }
  const { writeFileSync } = await import('node:fs');
  writeFileSync(CHILD, JSON.stringify({ row, top, calls }));
}
process.exit(0);
