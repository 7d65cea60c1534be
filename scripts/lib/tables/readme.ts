// The README's measured tables, each built from its run files (or, for the two GPU tables, from the
// logs the device script wrote). `npm run tables` writes each between its markers in README.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lessonData } from './lessons';
import { arrow, int, loss, mb, num, pct, pts, table } from './format';
import { meanLast, ROOT, run, type Run } from './runs';

// rows of the lessons' generated data (lessons/measured/*.json), read by field
type Rows = Record<string, any>[];
// the lessons' data, built once per run of the command (each README table reads part of it)
let lessons: Record<string, any> | undefined;
const data = () => (lessons ??= lessonData() as Record<string, any>);
const wall = (f: Run) => `${Math.round(f.wallMs / 1000)} s`;

function simclr(): string {
  const rows = [
    ['runs/simclr-mnist.json', 'MNIST (`npm run experiment -- --method simclr`)'],
    ['runs/simclr-shapes.json', 'Shapes-10, easy (`… --set dataset=shapes`)'],
  ].map(([file, label]) => {
    const f = run(file);
    const e = f.eval;
    return [label, pct(e.knnRandomInit), pct(e.knn), `**${pts(e.knn - e.knnRandomInit)} pts**`, num(e.alignment, 3), num(e.uniformity, 3), num(e.std, 3), num(e.rankme, 1), `${wall(f)} (median ${Math.round(f.stepMsMedian)} ms/step)`];
  });
  return table(['dataset (default preset: batch 128, τ 0.1, Adam 1e-3, 300 steps)', 'knnRandomInit', 'knn after 300 steps', 'gain', 'alignment', 'uniformity', 'std (1/√d = 0.088)', 'RankMe', 'wall time'], rows);
}

function methods(): string {
  const last = (f: Run, k: string) => meanLast(f.history, k, 10);
  const entropy = (f: Run) => `entropy ${num(last(f, 'teacherEntropy'), 2)}, KL ${num(last(f, 'kl'), 2)}`;
  const specs: [string, string, (f: Run) => string][] = [
    ['moco', 'MoCo v2 (τ 0.2, queue 4,096, key momentum 0.99, no BatchNorm)', (f) => `${num(last(f, 'loss'), 2)} (log ${f.config.queueSize + 1} = ${num(Math.log(f.config.queueSize + 1), 2)})`],
    ['byol', 'BYOL (BatchNorm, predictor, τ_base 0.99)', (f) => `${num(last(f, 'loss'), 2)} (of 0–8)`],
    ['simsiam', 'SimSiam (BatchNorm, predictor d/4, stop-gradient)', (f) => `${num(last(f, 'loss'), 2)} (of −1…1)`],
    ['dino', 'DINO (CNN + BatchNorm, batch 64, 2 global + 2 local crops, K 256, τt 0.04, τs 0.1)', (f) => `${num(last(f, 'loss'), 2)} (log K = ${num(Math.log(f.config.prototypes), 2)}); teacher ${entropy(f)}`],
    ['ibot', 'iBOT (ViT 48 wide × 3 blocks × 3 heads, batch 32, 2 + 2 crops, masks on half the crops, shared head)', (f) => `${num(last(f, 'loss'), 2)} = [CLS] ${num(last(f, 'lossCls'), 2)} + patch ${num(last(f, 'lossPatch'), 2)}; ${entropy(f)}`],
    ['dinov2', 'DINOv2 (as iBOT, untied heads, KoLeo 0.02, τt 0.04 for patches too)', (f) => `${num(last(f, 'loss'), 2)} (patch ${num(last(f, 'lossPatch'), 2)}, KoLeo ${num(last(f, 'koleo'), 2)}); ${entropy(f)}`],
  ];
  const rows = specs.map(([m, label, finalLoss]) => {
    const f = run(`runs/${m}-mnist.json`);
    const e = f.eval;
    return [label, pct(e.knnRandomInit), pct(e.knn), `${pts(e.knn - e.knnRandomInit)} pts`, finalLoss(f), num(e.alignment, 3), num(e.uniformity, 3), num(e.std, 3), num(e.rankme, 1), `${wall(f)} (${Math.round(f.stepMsMedian)} ms/step)`];
  });
  return table(['method (preset)', 'knnRandomInit', 'knn', 'gain', 'final loss', 'alignment', 'uniformity', 'std', 'RankMe', 'wall time'], rows);
}

function temperature(): string {
  const rows: Rows = data()['lessons/measured/temperature.json'];
  const tau = rows.filter((x) => x.sweep === 'tau').sort((a, b) => a.temperature - b.temperature);
  const batch = rows.filter((x) => x.sweep === 'batch').sort((a, b) => a.batchSize - b.batchSize);
  const cells = (x: Record<string, number>) => [num(x.uniformity, 3), num(x.alignment, 3), pct(x.knn), pts(x.knn - x.knnRandomInit)];
  return table(['run (300 steps)', 'uniformity', 'alignment', 'kNN', 'gain'], [
    ...tau.map((x) => [`τ ${x.temperature}, batch ${x.batchSize}`, ...cells(x)]),
    ...batch.map((x) => [`batch ${x.batchSize}, τ ${x.temperature}`, ...cells(x)]),
  ]);
}

function collapse(): string {
  const labels: Record<string, string> = { byol: 'BYOL (BatchNorm, predictor, τ_base 0.99)', 'byol-ema0': 'BYOL with τ = 0 (target = online copy)' };
  const rows: Rows = data()['lessons/measured/collapse.json'];
  return table(['run', 'std', 'RankMe', 'final loss', `kNN (random init ${pct(rows[0].knnRandomInit)})`, 'collapsed'], rows.map((x) => [
    labels[x.variant] ?? x.label, num(x.std, 4), num(x.rankme, 1), loss(x.loss), pct(x.knn), x.collapsedAt === null ? 'no' : `from step ${x.collapsedAt}`,
  ]));
}

function probes(): string {
  const { initial: a, final: b } = data()['lessons/measured/projection-head.json'];
  const row = (label: string, h: string, z: string) => [label, arrow([pct(a[h]), pct(b[h])]), arrow([pct(a[z]), pct(b[z])]), arrow([pts(a[h] - a[z]), pts(b[h] - b[z])])];
  return table(['held-out accuracy', 'h: untrained → step 300', 'z: untrained → step 300', 'h − z'], [
    row('class, linear probe', 'linearH', 'linearZ'), row('class, kNN', 'knnH', 'knnZ'), row('quarter turn, linear probe (chance 25%)', 'rotationH', 'rotationZ'),
  ]);
}

function memory(): string {
  const rows: Rows = data()['lessons/measured/moco.json'];
  return table(['run (batch 32)', 'weights', 'queue', 'step peak', 'ms/step', `kNN (untrained ${pct(rows[0].knnRandomInit)})`, 'RankMe of z'], rows.map((x) => [
    x.label, mb(x.modelBytes, 2), x.stateBytes ? mb(x.stateBytes, 2) : '—', mb(x.stepPeakBytes, 1), int(x.stepMs), pct(x.knn), num(x.rankme, 1),
  ]));
}

function budget(): string {
  const rows: Rows = data()['lessons/measured/budget.json'];
  return table(['method (preset)', 'kNN, untrained → 300 steps', 'linear probe on h', 'ms/step', 'weights + state', 'step peak', 'wall'], rows.map((x) => [
    `${x.label} (${x.backbone}, batch ${x.batch})`,
    `${arrow([pct(x.knnRandomInit), pct(x.knn)])} (${pts(x.knn - x.knnRandomInit)})`,
    `${arrow([pct(x.linearHRandomInit), pct(x.linearH)])} (${pts(x.linearH - x.linearHRandomInit)})`,
    int(x.stepMs), mb(x.heldBytes, 1), mb(x.stepPeakBytes, 1), wall(run(`runs/compare/${x.method}.json`)),
  ]));
}

function smallBatch(): string {
  const rows: Rows = data()['lessons/measured/small-batch.json'];
  const cell = (method: string, batch: number, key: 'knn' | 'linearH') =>
    [1, 2].map((seed) => rows.find((x) => x.method === method && x.batch === batch && x.seed === seed)!).map((x) => pts(x[key] - x[`${key}RandomInit`])).join(' / ');
  return table(['batch (300 steps)', 'SimCLR kNN gain', 'BYOL kNN gain', 'SimCLR linear-probe gain', 'BYOL linear-probe gain'], [16, 64, 256].map((b) => [
    String(b), cell('simclr', b, 'knn'), cell('byol', b, 'knn'), cell('simclr', b, 'linearH'), cell('byol', b, 'linearH'),
  ]));
}

function dino(): string {
  const { rows } = data()['lessons/measured/dino.json'] as { rows: Rows };
  const labels: Record<string, string> = { 'dino-nosharpen': 'without sharpening (τ_t = τ_s = 0.1)' };
  return table(['run', 'teacher entropy (steps 1–10 → 281–300)', 'KL', 'RankMe of z', 'attention Jaccard (step 0 → 50 → 300)', `kNN (random init ${pct(rows[0].knnRandomInit)})`], rows.map((x) => [
    labels[x.variant] ?? x.label, arrow([num(x.entropy[0], 2), num(x.entropy[2], 2)]), num(x.kl[2], 2), num(x.rankme, 1), arrow(x.jaccard.map((j: number) => num(j, 3))), pct(x.knn),
  ]));
}

const maskedRow = (lesson: string, variant: string, seed: number) => (data()['lessons/measured/masked.json'] as Rows).find((x) => x.lesson === lesson && x.variant === variant && x.seed === seed);

function ibotSeeds(): string {
  return table(['seed', 'kNN iBOT / DINO (untrained)', 'attention Jaccard at 300, iBOT / DINO (untrained)', 'patch-PCA Jaccard at 300, iBOT / DINO (untrained)'], [1, 2, 3].map((seed) => {
    const [i, d] = [maskedRow('ibot', 'ibot', seed)!, maskedRow('ibot', 'dino', seed)!];
    return [String(seed), `${pct(i.knn[1])} / ${pct(d.knn[1])} (${pct(d.knn[0])})`, `${num(i.attention[2], 3)} / ${num(d.attention[2], 3)} (${num(d.attention[0], 3)})`, `${num(i.patchPca[1], 3)} / ${num(d.patchPca[1], 3)} (${num(d.patchPca[0], 3)})`];
  }));
}

function koleo(): string {
  const specs: [string, string, string][] = [
    ['DINO', 'ibot', 'dino'], ['DINOv2 without KoLeo', 'dinov2', 'dinov2-nokoleo'], ['DINOv2 (KoLeo 0.02, the preset)', 'dinov2', 'dinov2'],
    ['DINOv2, KoLeo 0.1 (the paper\'s)', 'dinov2', 'dinov2-koleo01'], ['DINOv2 with Sinkhorn-Knopp', 'dinov2', 'dinov2-sinkhorn'],
  ];
  const both = (lesson: string, variant: string, cell: (x: Record<string, any>) => string) => [1, 2].map((s) => maskedRow(lesson, variant, s)).map((x) => (x ? cell(x) : '—')).join(' / ');
  const untrained = both('dinov2', 'dinov2', (x) => num(x.nn[0], 3));
  return table(['run', 'kNN', `nearest neighbour of h (untrained ${untrained})`, 'uniformity of h', 'teacher entropy, steps 281–300', 'prototypes in use (of 256)'], specs.map(([label, l, v]) => [
    label, both(l, v, (x) => pct(x.knn[1])), both(l, v, (x) => num(x.nn[1], 3)), both(l, v, (x) => num(x.uniformityH[1], 2)), both(l, v, (x) => num(x.entropy[1], 2)), both(l, v, (x) => num(x.prototypesInUse, 0)),
  ]));
}

function benchDistill(): string {
  const f = run('runs/bench-wasm-distill.json');
  const labels: Record<string, string> = { dino: 'DINO (CNN)', ibot: 'iBOT (ViT)', dinov2: 'DINOv2 (ViT)' };
  return table(['method (preset)', 'batch', 'ms/step', 'GFLOP/step', 'GFLOP/s', "share of wasm's matmul", 'long tasks', 'numTensors'], f.rows.map((x: Record<string, any>) => [
    labels[x.method], String(x.batchSize), int(x.stepMsMedian), num(x.flopsPerStep / 1e9, 2), num(x.gflops, 1), `${Math.round(x.fractionOfMatmul * 100)}%`, String(x.longTasks), arrow([x.numTensorsBefore, x.numTensorsAfter]),
  ]));
}

function benchBackends(): string {
  const f = run('runs/bench.json');
  const labels: Record<string, string> = { wasm: '**wasm** (SIMD, 1 thread)', webgl: 'webgl (SwiftShader, software)', webgpu: 'webgpu (SwiftShader, software)', cpu: 'cpu (pure JS)' };
  const gf = (x: number) => num(x, x >= 1 ? 1 : 2);
  return table(['backend', 'ms/step', 'achieved GFLOP/s', '2048² matmul GFLOP/s (same backend)', 'share of matmul', 'numTensors before → after'], f.rows.map((x: Record<string, any>) => {
    const bold = (s: string) => (x.backend === 'wasm' ? `**${s}**` : s);
    return [labels[x.backend], bold(int(x.stepMsMedian)), gf(x.gflops), num(x.matmulGflops, 1), bold(`${Math.round(x.fractionOfMatmul * 100)}%`), arrow([x.numTensorsBefore, x.numTensorsAfter])];
  }));
}

/** wasm's step with one thread and with two, per method (`runs/bench-threads.json`). */
function benchThreads(): string {
  const f = run('runs/bench-threads.json');
  const methods: string[] = [...new Set<string>(f.rows.map((x: Record<string, any>) => x.method))];
  const labels: Record<string, string> = { simclr: 'SimCLR (batch 128, CNN)', dino: 'DINO (batch 64, CNN, 2 + 2 crops)', ibot: 'iBOT (batch 32, ViT 48×3, 2 + 2 crops)' };
  return table(['method (preset)', 'wasm ×1 ms/step', 'wasm ×2 ms/step', 'change', '2048² matmul GFLOP/s ×1 → ×2'], methods.map((m) => {
    const at = (t: number) => f.rows.find((x: Record<string, any>) => x.method === m && x.threads === t);
    const [one, two] = [at(1), at(2)];
    return [labels[m] ?? m, int(one.stepMsMedian), int(two.stepMsMedian), `${num((100 * (two.stepMsMedian - one.stepMsMedian)) / one.stepMsMedian, 0)}%`, arrow([num(one.matmulGflops, 1), num(two.matmulGflops, 1)])];
  }));
}

/**
 * Each lesson page opened as a first visit (`npm run bench -- --startup`): at the commit the work
 * began from (3db2ac4), at the last stop's survey (bf034d8) and now.
 */
function startup(): string {
  const stages = ['runs/bench-startup-3db2ac4.json', 'runs/bench-startup-bf034d8.json', 'runs/bench-startup.json'].map(run);
  const now = stages[2];
  const s = (x: number | null) => (x === null ? 'over 2 min' : `${num(x, 1)} s`);
  const long = (l: number[]) => (l.length ? `${l.length} (${int(Math.max(...l))} ms)` : '0');
  return table(['lesson page (`?lesson=…&autorun=1`)', 'runs', 'first step (median of 3)', 'untrained baselines shown', `steps per run in the first ${now.seconds} s`, 'long tasks > 50 ms then (longest)', 'page JS at step 1 (gzip)', 'backend now'], now.lessons.map((a: Record<string, any>) => {
    const at = stages.map((f) => f.lessons.find((x: Record<string, any>) => x.lesson === a.lesson));
    const bold = (xs: string[]) => [...xs.slice(0, -1), `**${xs.at(-1)}**`];
    return [
      a.lesson,
      String(a.runs),
      arrow(bold(at.map((x) => s(x.firstStepMedian)))),
      arrow(at.map((x) => s(x.baselinesSeconds))),
      arrow(at.map((x) => String(x.stepsPerRun))),
      arrow(at.map((x) => long(x.longTasksMs))),
      `${int(a.jsBytesAtStep1 / 1000)} kB`,
      `${a.backend}${a.threads ? ` ×${a.threads}` : ''}`,
    ];
  }));
}

/** The JSON after each `tag ` at a line's start in a device log. */
const logged = (file: string, tag: string) =>
  readFileSync(join(ROOT, file), 'utf8').split('\n').filter((l) => l.startsWith(`${tag} `)).map((l) => JSON.parse(l.slice(tag.length + 1)));

function dispatch(): string {
  const before = run('runs/dispatch-1e5be42.json');
  const now = run('runs/dispatch.json');
  const was = (m: string) => (before.rows as Record<string, any>[]).find((r) => r.method === m);
  const mbs = (b: number) => `${num(b / 2 ** 20, 1)} MB`;
  const until = now.rows[0].until;
  return table(['method (preset batch)', 'tfjs kernels', 'dispatches', 'bind groups created', 'compute passes', 'buffers created', `buffers created, steps ${now.warmSteps + 1}–${until}`, 'readbacks', 'host ms', `pool at step 50 → ${until}`, `numTensors at 50 → ${until}`], (now.rows as Record<string, any>[]).map((r) => {
    const b = was(r.method);
    const two = (k: string, f: (x: number) => string = int) => (b ? arrow([f(b[k]), `**${f(r[k])}**`]) : `**${f(r[k])}**`);
    const ms = r.hostMsRuns ? `${two('hostMs', (x) => num(x, 0))} (runs ${(r.hostMsRuns as number[]).map((x) => num(x, 0)).join(', ')})` : two('hostMs', (x) => num(x, 0));
    return [`${r.method} (${r.batch})`, two('kernels'), two('dispatches'), two('bindGroups'), two('computePasses'), two('buffersCreated'), int(r.buffersCreatedAfterWarm), two('readbacks'), ms, arrow([mbs(r.poolBytesAt50), mbs(r.poolBytesAtUntil)]), arrow([int(r.numTensorsAt50), int(r.numTensorsAtUntil)])];
  }));
}

function h100(): string {
  const file = 'docs/gpu-check-h100.log';
  const steps = logged(file, 'step');
  const [backend] = logged(file, 'backend');
  const [res] = logged(file, 'RESULT');
  const [runRes] = logged(file, 'run');
  const driver = backend.adapter.match(/(\d+)\.\d+\.\d+/)[1];
  return table([`WebGPU on H100 (Dawn/Vulkan, driver ${driver})`, 'value'], [
    ...steps.map((s) => [`SimCLR step, batch ${s.batchSize}`, `${int(s.stepMsMedian)} ms median (${int(s.gflops)} GFLOP/s)`]),
    ['2048² matmul', `${int(res.matmul2048)} GFLOP/s`],
    ['numTensors over 20 steps', arrow([steps[0].numTensorsBefore, steps[0].numTensorsAfter])],
    [`default MNIST preset, ${runRes.steps} steps`, `${int(runRes.trainS)} s of training; held-out kNN ${arrow([pct(runRes.knnRandomInit), pct(runRes.knn)])}`],
  ]);
}

function h100Methods(): string {
  const labels: Record<string, string> = {
    simclr: 'SimCLR (128, CNN)', moco: 'MoCo v2 (128, CNN)', byol: 'BYOL (128, CNN)', simsiam: 'SimSiam (128, CNN)', dino: 'DINO (64, CNN, 2 + 2 crops)',
    ibot: 'iBOT (32, ViT 48×3, 2 + 2 crops, masks)', dinov2: 'DINOv2 (32, ViT 48×3, 2 + 2 crops, masks)',
  };
  return table(['method (preset batch, backbone)', 'H100 WebGPU ms/step', 'GFLOP/step', 'numTensors before → after'], logged('docs/gpu-check-methods-h100.log', 'method').map((m) => [
    labels[m.method], int(m.stepMsMedian), num(m.gflopPerStep, 2), arrow([m.numTensorsBefore, m.numTensorsAfter]),
  ]));
}

/** Every generated README table, by the name its markers carry. */
export const README_TABLES: Record<string, () => string> = {
  simclr, methods, temperature, collapse, 'small-batch': smallBatch, probes, memory, budget, dino, 'ibot-seeds': ibotSeeds, koleo, 'bench-distill': benchDistill, 'bench-backends': benchBackends, 'bench-threads': benchThreads, startup, dispatch, h100, 'h100-methods': h100Methods,
};
