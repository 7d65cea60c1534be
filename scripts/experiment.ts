// npm run experiment -- --method <id> | --lesson <id> [--variant <id>] [--steps N] [--seed S] [--set name=value …] [--gauges N] [--attention N] [--probes] [--memory] [--out run.json]
// npm run experiment -- --lesson <id> --record: the lesson page's recorded run (scripts/lib/record.ts)
// The lab's engine without a browser: the same Trainer on the wasm backend in Node.
import { writeFile } from 'node:fs/promises';
import { METHODS, METHOD_IDS, type MethodId } from '../src/config/methods';
import { validatePatch } from '../src/config/schema';
import { presetConfig, runSpecs } from '../src/config/url';
import { LESSONS } from '../lessons';
import { loadDataset } from '../src/engine/data';
import { collapseStep, type GaugePoint } from '../src/engine/metrics/collapse';
import { maskedReport, spread, teacherReport } from '../src/engine/reports/distill';
import { BROWSER_EVAL, evaluate, FULL_EVAL, geometry } from '../src/engine/reports/evaluation';
import { FULL_PROBES, probes, type ProbeReport } from '../src/engine/reports/probes';
import { memoryReport, type MemoryReport } from '../src/engine/reports/run';
import { attentionMaps, patchPca } from '../src/engine/reports/vit';
import { Trainer, type StepRecord } from '../src/engine/trainer';
import { bestDiscPrior } from '../src/engine/metrics/attention';
import type { ImageSet } from '../src/engine/data/types';
import { oneOf, parseOrExit, UsageError, type Cli } from './lib/cli';
import { nodeBackend, nodeBytes } from './node-env';
import { recordingPath, recordLesson } from './lib/record';

const ATTENTION_IMAGES = 500;
const discPriorJaccard = (set: ImageSet, n: number) => (set.masks ? bestDiscPrior(set.masks.subarray(0, n * 1024), n).jaccard : NaN);

const CLI: Cli = {
  command: 'npm run experiment --',
  summary: 'Trains one run of the lab’s engine in Node (wasm backend), prints a summary and, with --out, writes the run file.',
  flags: [
    { name: 'method', value: '<id>', help: `the method to train: ${METHOD_IDS.join(', ')} (default simclr, or the lesson's)` },
    { name: 'lesson', value: '<id>', help: 'start from that lesson page’s settings' },
    { name: 'variant', value: '<id>', help: 'one of the lesson’s runs (needs --lesson)' },
    { name: 'steps', value: 'N', int: true, help: 'training steps (default: the preset’s)' },
    { name: 'seed', value: 'S', int: true, help: 'seed of weights, batches and augmentations' },
    { name: 'set', value: 'name=value', repeat: true, help: 'any schema parameter, as in the URL (repeatable)' },
    { name: 'gauges', value: 'N', int: true, help: 'record the collapse gauges every N steps' },
    { name: 'attention', value: 'N', int: true, help: 'record each head’s attention Jaccard every N steps (ViT on Shapes)' },
    { name: 'patches', value: 'N', int: true, help: 'record the patch-PCA and masked-patch figures every N steps' },
    { name: 'probes', help: 'kNN and linear probes on h and z, and the quarter-turn probe, before and after' },
    { name: 'memory', help: 'bytes of the weights and state and one step’s peak (tf.profile on the last step)' },
    { name: 'out', value: 'run.json', help: 'write the run file there' },
    { name: 'quiet', help: 'no progress lines' },
    { name: 'record', help: `with --lesson alone: record the lesson page's own runs to the step budget, with the reports its widgets watch, as ${recordingPath('<id>')} (the page's "recorded" mode)` },
  ],
};

const args = parseOrExit(CLI, process.argv.slice(2), ({ flags: f }) => {
  const str = (k: string) => f[k] as string | undefined;
  const int = (k: string) => (f[k] === undefined ? 0 : Number(f[k]));
  const set = (f.set as string[] | undefined) ?? [];
  for (const kv of set) if (kv.indexOf('=') < 1) throw new UsageError(`--set expects name=value, got "${kv}"`);
  // --lesson: the lesson page's own settings (its preset, and with --variant one of its runs)
  if (str('lesson') !== undefined) oneOf('--lesson', str('lesson')!, LESSONS.map((l) => l.id));
  const lesson = str('lesson') === undefined ? null : LESSONS.find((l) => l.id === str('lesson'))!;
  if (str('variant') && !lesson?.variants?.some((v) => v.id === str('variant')))
    throw new UsageError(`--variant needs a --lesson with that run (${lesson?.variants?.map((v) => v.id).join(', ') ?? 'no lesson given'})`);
  if (f.record && (!lesson || Object.keys(f).some((k) => f[k] !== undefined && !['record', 'lesson', 'quiet'].includes(k))))
    throw new UsageError('--record takes --lesson <id> and nothing else: a recording is of the lesson page’s own settings');
  if (str('method') !== undefined) oneOf('--method', str('method')!, METHOD_IDS.filter((m) => METHODS[m].available));
  return {
    lesson, method: str('method'), variant: str('variant'), steps: str('steps'), seed: str('seed'), set, out: str('out'), quiet: !!f.quiet,
    record: !!f.record,
    gauges: int('gauges'), attention: int('attention'), patches: int('patches'), probes: !!f.probes, memory: !!f.memory,
  };
});
const lesson = args.lesson;
if (args.record && lesson) {
  await nodeBackend('wasm');
  await recordLesson(lesson, LESSONS, (s) => !args.quiet && process.stderr.write(s));
  process.exit(0);
}
const plan = lesson && args.variant ? runSpecs({ compare: [args.variant], method: lesson.method, lesson: lesson.id, sweep: null }, LESSONS)[0] : null;
const method = (plan?.method ?? args.method ?? lesson?.method ?? 'simclr') as MethodId;

const base = { ...presetConfig(method, lesson), ...(plan?.patch ?? {}) };
const raw: Record<string, unknown> = {};
if (args.steps) raw.steps = args.steps;
if (args.seed) raw.seed = args.seed;
for (const kv of args.set) raw[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
const { patch, notices } = validatePatch(raw, base);
for (const n of notices) console.error(`notice: ${n.message}`);
const config = { ...base, ...patch };

const backend = await nodeBackend('wasm');
const data = await loadDataset(config, nodeBytes);
const trainer = new Trainer(method, config, data);
const log = (s: string) => !args.quiet && process.stderr.write(s);

log(`${METHODS[method].title} on ${data.name} (${data.train.n} train / ${data.test.n} held out), ${config.steps} steps, batch ${config.batchSize}, backend ${backend.name}\n`);
const t0 = performance.now();
const initial = await evaluate(trainer, FULL_EVAL);
log(`step 0: held-out kNN ${(initial.knn * 100).toFixed(1)}% (untrained encoder)\n`);
// --probes: kNN and linear probes on h and on z, and the quarter-turn probe, before and after
const probeLine = (p: ProbeReport) => `linear probe h ${(p.linearH * 100).toFixed(1)}% z ${(p.linearZ * 100).toFixed(1)}%, kNN h ${(p.knnH * 100).toFixed(1)}% z ${(p.knnZ * 100).toFixed(1)}%, quarter turn h ${(p.rotationH * 100).toFixed(1)}% z ${(p.rotationZ * 100).toFixed(1)}%`;
const probes0 = args.probes ? await probes(trainer, FULL_PROBES) : null;
if (probes0) log(`step 0: ${probeLine(probes0)}\n`);

const history: (StepRecord & { knn?: number })[] = [];
// --gauges N: every N steps, the page's collapse gauges (z of 256 held-out images' two views)
const gauges: (GaugePoint & { meanCos: number; alignment: number; uniformity: number })[] = [];
let gaugeDim = config.embedDim;
const gauge = async (step: number) => {
  const g = await geometry(trainer, 256);
  gaugeDim = g.d;
  gauges.push({ step, std: g.std, rankme: g.rankme, meanCos: g.meanCos, alignment: g.alignment, uniformity: g.uniformity });
};
if (args.gauges) await gauge(0);
// --attention N: every N steps, each head's attention Jaccard on ATTENTION_IMAGES held-out images
// (ViT backbones, datasets with masks); step 0 is the random-init ViT, the disc prior is the floor
const attention: { step: number; jaccard: number[] }[] = [];
const attend = async (step: number) => {
  const r = await attentionMaps(trainer, ATTENTION_IMAGES);
  if (r?.jaccard) {
    attention.push({ step, jaccard: r.jaccard });
    log(`step ${step}: attention Jaccard per head ${r.jaccard.map((j) => j.toFixed(3)).join(' ')}\n`);
  }
};
if (args.attention) await attend(0);
// the patch-feature PCA's foreground against the objects' masks (ViT runs on a dataset with masks)
const patchPoints: { step: number; jaccard: number; foregroundShare: number }[] = [];
const patchPoint = async (step: number) => {
  const r = await patchPca(trainer, 0, ATTENTION_IMAGES);
  if (r?.jaccard != null) {
    patchPoints.push({ step, jaccard: r.jaccard, foregroundShare: r.foregroundShare });
    log(`step ${step}: patch-PCA foreground Jaccard ${r.jaccard.toFixed(3)} (foreground ${(r.foregroundShare * 100).toFixed(0)}% of patches)\n`);
  }
};
if (args.patches) await patchPoint(0);
// how spread the backbone's CLS features are (what KoLeo acts on), before and after
const SPREAD_IMAGES = 1000;
const spreadOf = async () => {
  const { nn: _nn, ...r } = await spread(trainer, SPREAD_IMAGES);
  return r;
};
const spread0 = await spreadOf();
// the masked-patch term on held-out images under fixed masks (iBOT, DINOv2): the lesson's figure, measured
const MASK_VIEW = { images: ATTENTION_IMAGES, ratio: 0.4, seed: 1 };
const maskedOf = async () => {
  const r = await maskedReport(trainer, MASK_VIEW.images, MASK_VIEW.ratio, MASK_VIEW.seed);
  return r && { maskedShare: r.maskedShare, maskedLoss: r.maskedLoss, agreement: r.agreement };
};
const masked0 = await maskedOf();
const tTrain = performance.now();
// --memory: the model's and state's bytes, and a step's peak, measured on the last step of the budget
let memory: MemoryReport | null = null;
for (let s = 0; s < config.steps; s++) {
  const last = args.memory && s === config.steps - 1;
  let rec: StepRecord;
  if (last) ({ memory, record: rec } = await memoryReport(trainer));
  else rec = await trainer.trainStep();
  history.push(rec);
  if (rec.step % config.evalEvery === 0 && rec.step < config.steps) {
    // the lab's in-browser evaluation size along the way; the full one at both ends
    const e = await evaluate(trainer, BROWSER_EVAL);
    rec.knn = e.knn;
    log(`step ${rec.step}: loss ${rec.loss.toFixed(4)}, kNN ${(e.knn * 100).toFixed(1)}%, ${rec.ms.toFixed(0)} ms/step\n`);
  } else if (rec.step % 10 === 0) {
    log(`step ${rec.step}: loss ${rec.loss.toFixed(4)}, ${rec.ms.toFixed(0)} ms/step\r`);
  }
  if (args.gauges && rec.step % args.gauges === 0) await gauge(rec.step);
  if (args.attention && rec.step % args.attention === 0) await attend(rec.step);
  if (args.patches && rec.step % args.patches === 0) await patchPoint(rec.step);
}
const trainMs = performance.now() - tTrain;
const final = await evaluate(trainer, FULL_EVAL);
const probes1 = args.probes ? await probes(trainer, FULL_PROBES) : null;
const spread1 = await spreadOf();
const masked1 = await maskedOf();
const teacher = await teacherReport(trainer, ATTENTION_IMAGES);
const ms = history.map((h) => h.ms).sort((a, b) => a - b);
const result = {
  // what made this file, as typed (its flags are the run's whole recipe with the config below)
  command: ['npm run experiment --', ...process.argv.slice(2)].join(' '),
  method,
  ...(lesson ? { lesson: lesson.id, variant: args.variant ?? null } : {}),
  config,
  backend: backend.name,
  dataset: data.name,
  steps: config.steps,
  wallMs: Math.round(performance.now() - t0),
  trainMs: Math.round(trainMs),
  stepMsMedian: ms.length ? +ms[Math.floor(ms.length / 2)].toFixed(1) : 0,
  history,
  // the history's kNN uses the page's sizes; `eval` (both ends) the full ones
  historyEvalSizes: BROWSER_EVAL,
  eval: {
    knn: final.knn,
    knnRandomInit: initial.knn,
    alignment: final.alignment,
    uniformity: final.uniformity,
    std: final.std,
    rankme: final.rankme,
    evalSizes: FULL_EVAL,
    // the page's rule (src/engine/metrics/collapse.ts) applied to the gauges, when recorded
    ...(args.gauges ? { collapsedAt: collapseStep(gauges, gaugeDim)?.step ?? null } : {}),
  },
  spread: { images: SPREAD_IMAGES, initial: spread0, final: spread1 },
  ...(masked0 && masked1 ? { masked: { ...MASK_VIEW, initial: masked0, final: masked1 } } : {}),
  ...(teacher ? { teacher: { images: teacher.n, entropyOfMean: teacher.entropyOfMean, meanEntropy: teacher.meanEntropy, prototypesInUse: Math.exp(teacher.entropyOfMean) } } : {}),
  ...(patchPoints.length ? { patches: { images: ATTENTION_IMAGES, points: patchPoints } } : {}),
  ...(args.gauges ? { gauges } : {}),
  ...(probes0 && probes1 ? { probes: { initial: probes0, final: probes1 } } : {}),
  ...(memory ? { memory } : {}),
  ...(attention.length ? { attention: { images: ATTENTION_IMAGES, discPrior: discPriorJaccard(data.test, ATTENTION_IMAGES), points: attention } } : {}),
};
trainer.dispose();
log('\n');
console.log(
  [
    `method ${method}  dataset ${data.name}  steps ${config.steps}  batch ${config.batchSize}  backend ${backend.name}`,
    `knn ${(final.knn * 100).toFixed(1)}%  knnRandomInit ${(initial.knn * 100).toFixed(1)}%  gain ${((final.knn - initial.knn) * 100).toFixed(1)} pts`,
    `alignment ${final.alignment.toFixed(4)}  uniformity ${final.uniformity.toFixed(4)}  std ${final.std.toFixed(4)} (1/√d = ${(1 / Math.sqrt(config.embedDim)).toFixed(4)})  rankme ${final.rankme.toFixed(2)}`,
    `wall ${(result.wallMs / 1000).toFixed(1)} s  (training ${(result.trainMs / 1000).toFixed(1)} s, median ${result.stepMsMedian} ms/step)`,
    ...(memory ? [`memory: model ${(memory.modelBytes / 1e6).toFixed(2)} MB, state ${(memory.stateBytes / 1e6).toFixed(2)} MB, one step's peak ${(memory.stepPeakBytes / 1e6).toFixed(1)} MB above it`] : []),
    ...(probes1 ? [`probes at step ${config.steps}: ${probeLine(probes1)}`] : []),
    ...(result.attention ? [`attention Jaccard (best head): random init ${Math.max(...attention[0].jaccard).toFixed(3)}, final ${Math.max(...attention[attention.length - 1].jaccard).toFixed(3)}, centred-disc prior ${result.attention.discPrior.toFixed(3)}`] : []),
    `h spread (${SPREAD_IMAGES} held out, normalised): nearest-neighbour distance ${spread0.meanNN.toFixed(3)} → ${spread1.meanNN.toFixed(3)}, uniformity ${spread0.uniformity.toFixed(3)} → ${spread1.uniformity.toFixed(3)}`,
    ...(masked0 && masked1 ? [`masked patches (${MASK_VIEW.images} held out, ratio ${MASK_VIEW.ratio}): loss ${masked0.maskedLoss.toFixed(3)} → ${masked1.maskedLoss.toFixed(3)}, student's top prototype = teacher's ${(masked0.agreement * 100).toFixed(1)}% → ${(masked1.agreement * 100).toFixed(1)}%`] : []),
    ...(teacher ? [`teacher on ${teacher.n} held out: entropy per image ${teacher.meanEntropy.toFixed(3)}, prototypes in use ${Math.exp(teacher.entropyOfMean).toFixed(1)} of ${teacher.k}`] : []),
    ...(patchPoints.length ? [`patch-PCA foreground Jaccard: ${patchPoints[0].jaccard.toFixed(3)} → ${patchPoints[patchPoints.length - 1].jaccard.toFixed(3)}`] : []),
    ...(args.gauges ? [`collapse (std < 0.3/√d or RankMe < 0.3× its start, 3 reports in a row): ${result.eval.collapsedAt === null ? 'none' : `at step ${result.eval.collapsedAt}`}`] : []),
  ].join('\n'),
);
if (args.out) {
  await writeFile(args.out, JSON.stringify(result, null, 1));
  console.log(`wrote ${args.out}`);
}
