// The lessons' measured tables as data, built from the run files: what `npm run tables` writes to
// lessons/measured/*.json, which the lessons' table components read. Here only the choice of runs
// and their row labels is typed; every number comes from a file.
import { LESSONS } from '../../../lessons';
import { runSpecs } from '../../../src/config/url';
import { bestAttention, meanLast, meanOver, r, run } from './runs';

const title = (lesson: string, variant: string) => {
  const l = LESSONS.find((x) => x.id === lesson)!;
  return runSpecs({ compare: [variant], method: l.method, lesson, sweep: null }, LESSONS)[0].title;
};

function temperature() {
  const sweeps: [string, 'tau' | 'batch' | 'tau32' | 'long' | 'd128'][] = [
    ...['0.05', '0.1', '0.2', '0.5', '1'].map((t) => [`runs/tau/simclr-d2-tau${t}.json`, 'tau'] as [string, 'tau']),
    ['runs/tau/simclr-d2-batch32.json', 'batch'],
    ['runs/tau/simclr-d2-batch256.json', 'batch'],
    ...['0.05', '0.1', '0.2', '0.5', '1'].map((t) => [`runs/tau/simclr-d2-b32-tau${t}.json`, 'tau32'] as [string, 'tau32']),
    ...['0.05', '0.2', '1'].map((t) => [`runs/tau/simclr-d2-b32-tau${t}-2000.json`, 'long'] as [string, 'long']),
    // z of 128, the paper's size: does the early reversal survive outside the circle?
    ...['0.05', '0.2', '0.5', '1'].map((t) => [`runs/tau/simclr-d128-tau${t}.json`, 'd128'] as [string, 'd128']),
    ['runs/compare/simclr.json', 'd128'],
  ];
  return sweeps.map(([file, sweep]) => {
    const f = run(file);
    return {
      file, sweep, steps: f.steps, temperature: f.config.temperature, batchSize: f.config.batchSize,
      knn: r(f.eval.knn, 4), knnRandomInit: r(f.eval.knnRandomInit, 4), alignment: r(f.eval.alignment, 4), uniformity: r(f.eval.uniformity, 4),
    };
  });
}

function collapse() {
  const files: [string, string][] = [
    ['runs/collapse/b64-byol.json', 'byol'],
    ['runs/collapse/b64-byol-predictor0.json', 'byol-nopred'],
    ['runs/collapse/b64-byol-emaMomentum0.json', 'byol-ema0'],
    ['runs/collapse/b64-byol-batchNorm0.json', 'byol-nobn'],
    ['runs/collapse/b64-simsiam.json', 'simsiam'],
    ['runs/collapse/b64-simsiam-stopGrad0.json', 'simsiam-nostopgrad'],
  ];
  return files.map(([file, variant]) => {
    const f = run(file);
    return {
      file, variant, label: title('collapse', variant), knn: r(f.eval.knn, 4), knnRandomInit: r(f.eval.knnRandomInit, 4), std: r(f.eval.std, 4),
      rankme: r(f.eval.rankme, 2), loss: r(meanLast(f.history, 'loss', 10), 4), collapsedAt: f.eval.collapsedAt,
    };
  });
}

const PROBE_KEYS = ['linearH', 'linearZ', 'knnH', 'knnZ', 'rotationH', 'rotationZ'] as const;
function projectionHead() {
  const file = 'runs/probes/simclr-mnist.json';
  const f = run(file);
  const point = (p: Record<string, number>) => Object.fromEntries(PROBE_KEYS.map((k) => [k, r(p[k], 4)]));
  return { file, initial: point(f.probes.initial), final: point(f.probes.final) };
}

function moco() {
  const files: [string, string][] = [
    ['runs/memory/moco-b32.json', 'MoCo v2, queue of 4,096'],
    ['runs/memory/simclr-b32.json', 'SimCLR, 62 negatives in the batch'],
    ['runs/memory/moco-b32-m0.json', 'MoCo with m = 0'],
  ];
  return files.map(([file, label]) => {
    const f = run(file);
    return {
      file, label, knn: r(f.eval.knn, 4), knnRandomInit: r(f.eval.knnRandomInit, 4), stepMs: f.stepMsMedian,
      modelBytes: f.memory.modelBytes, stateBytes: f.memory.stateBytes, stepPeakBytes: f.memory.stepPeakBytes, rankme: r(f.eval.rankme, 2),
    };
  });
}

function budget() {
  const methods: [string, string][] = [['simclr', 'SimCLR'], ['moco', 'MoCo v2'], ['byol', 'BYOL'], ['simsiam', 'SimSiam'], ['dino', 'DINO'], ['ibot', 'iBOT'], ['dinov2', 'DINOv2']];
  return methods.map(([method, label]) => {
    const f = run(`runs/compare/${method}.json`);
    return {
      method, label, batch: f.config.batchSize, backbone: f.config.backbone === 'vit' ? 'ViT' : 'CNN',
      knn: r(f.eval.knn, 4), knnRandomInit: r(f.eval.knnRandomInit, 4), linearH: r(f.probes.final.linearH, 4), linearHRandomInit: r(f.probes.initial.linearH, 4),
      stepMs: f.stepMsMedian, heldBytes: f.memory.modelBytes + f.memory.stateBytes, stepPeakBytes: f.memory.stepPeakBytes,
    };
  });
}

function dino() {
  const rows: [string, string][] = [
    ['dino', 'DINO'],
    ['dino-nocenter', 'without centering'],
    ['dino-nosharpen', 'without sharpening (τt = τs)'],
    ['dino-noema', 'without EMA (teacher = student)'],
    ['dino-nolocal', 'without local crops'],
  ];
  const spans: [number, number][] = [[1, 10], [81, 100], [281, 300]];
  const out = rows.map(([variant, label]) => {
    const file = `runs/dino/${variant}.json`;
    const f = run(file);
    return {
      file, variant, label,
      entropy: spans.map(([a, b]) => r(meanOver(f.history, 'teacherEntropy', a, b), 3)),
      kl: spans.map(([a, b]) => r(meanOver(f.history, 'kl', a, b), 3)),
      jaccard: [0, 50, 300].map((s) => r(bestAttention(f, s), 3)),
      knn: r(f.eval.knn, 4), knnRandomInit: r(f.eval.knnRandomInit, 4), rankme: r(f.eval.rankme, 2),
    };
  });
  return { discPrior: r(run('runs/dino/dino.json').attention.discPrior, 3), rows: out };
}

function masked() {
  const runs: [string, 'ibot' | 'dinov2', string, number][] = [
    ['runs/ibot/ibot.json', 'ibot', 'ibot', 1], ['runs/ibot/ibot-nopatch.json', 'ibot', 'ibot-nopatch', 1], ['runs/ibot/dino.json', 'ibot', 'dino', 1],
    ['runs/ibot/ibot-untied.json', 'ibot', 'ibot-untied', 1], ['runs/ibot/ibot-seed2.json', 'ibot', 'ibot', 2], ['runs/ibot/ibot-nopatch-seed2.json', 'ibot', 'ibot-nopatch', 2],
    ['runs/ibot/dino-seed2.json', 'ibot', 'dino', 2], ['runs/ibot/ibot-seed3.json', 'ibot', 'ibot', 3], ['runs/ibot/dino-seed3.json', 'ibot', 'dino', 3],
    ['runs/dinov2/dinov2.json', 'dinov2', 'dinov2', 1], ['runs/dinov2/dinov2-nokoleo.json', 'dinov2', 'dinov2-nokoleo', 1], ['runs/dinov2/dinov2-koleo01.json', 'dinov2', 'dinov2-koleo01', 1],
    ['runs/dinov2/dinov2-sinkhorn.json', 'dinov2', 'dinov2-sinkhorn', 1], ['runs/dinov2/dinov2-shared.json', 'dinov2', 'dinov2-shared', 1], ['runs/dinov2/dinov2-ema996.json', 'dinov2', 'dinov2-ema996', 1],
    ['runs/dinov2/dinov2-seed2.json', 'dinov2', 'dinov2', 2], ['runs/dinov2/dinov2-nokoleo-seed2.json', 'dinov2', 'dinov2-nokoleo', 2], ['runs/dinov2/dinov2-sinkhorn-seed2.json', 'dinov2', 'dinov2-sinkhorn', 2],
  ];
  return runs.map(([file, lesson, variant, seed]) => {
    const f = run(file);
    const at = (step: number) => f.patches.points.find((p: { step: number }) => p.step === step).jaccard;
    const ends = (key: string) => [r(meanOver(f.history, key, 1, 10), 3), r(meanOver(f.history, key, 281, 300), 3)];
    return {
      file, lesson, variant, label: title(lesson, variant), seed,
      knn: [r(f.eval.knnRandomInit, 3), r(f.eval.knn, 3)],
      attention: [0, 50, 300].map((s) => r(bestAttention(f, s), 3)),
      patchPca: [r(at(0), 3), r(at(300), 3)],
      lossCls: ends('lossCls'), lossPatch: ends('lossPatch'), entropy: ends('teacherEntropy'),
      prototypesInUse: r(f.teacher.prototypesInUse, 1),
      nn: [r(f.spread.initial.meanNN, 3), r(f.spread.final.meanNN, 3)],
      uniformityH: [r(f.spread.initial.uniformity, 3), r(f.spread.final.uniformity, 3)],
      rankme: r(f.eval.rankme, 2),
      ...(f.masked ? { masked: { agreement: [r(f.masked.initial.agreement, 3), r(f.masked.final.agreement, 3)], loss: [r(f.masked.initial.maskedLoss, 3), r(f.masked.final.maskedLoss, 3)] } } : {}),
    };
  });
}

function smallBatch() {
  const variants = ['simclr-b16', 'byol-b16', 'simclr-b64', 'byol-b64', 'simclr-b256', 'byol-b256'];
  return [1, 2].flatMap((seed) =>
    variants.map((variant) => {
      const file = `runs/small-batch/${variant}-seed${seed}.json`;
      const f = run(file);
      return {
        file, variant, label: title('small-batch', variant), method: f.method, batch: f.config.batchSize, seed,
        knn: r(f.eval.knn, 4), knnRandomInit: r(f.eval.knnRandomInit, 4), linearH: r(f.probes.final.linearH, 4), linearHRandomInit: r(f.probes.initial.linearH, 4),
        stepMs: f.stepMsMedian,
      };
    }),
  );
}

/** Each generated lesson data file: its path and its content. */
export function lessonData(): Record<string, unknown> {
  return {
    'lessons/measured/temperature.json': temperature(),
    'lessons/measured/collapse.json': collapse(),
    'lessons/measured/projection-head.json': projectionHead(),
    'lessons/measured/moco.json': moco(),
    'lessons/measured/budget.json': budget(),
    'lessons/measured/dino.json': dino(),
    'lessons/measured/masked.json': masked(),
    'lessons/measured/small-batch.json': smallBatch(),
  };
}
