// Every report a run can send, in one table: what it measures and on how many images (normal
// backends, and slow ones: software WebGPU, pure-JS cpu), when it is sent, the share of the worker's
// time it may take, and which arrays it hands over without copying. The worker's messages and the
// page's `watch` names are derived from this table; the runner walks it (worker/runner.ts).
import { substream } from '../rng';
import type { TrainerView } from '../trainer';
import type { ReportContext } from './context';
import { maskedReport, spread, teacherReport } from './distill';
import { BROWSER_EVAL, embedding2d, evaluate, geometry, LIGHT_EVAL } from './evaluation';
import { BROWSER_PROBES, LIGHT_PROBES, probes } from './probes';
import { memoryReport, viewsPreview } from './run';
import { attentionMaps, patchPca } from './vit';

export type Schedule =
  /** at every evaluation (and at a reset) */
  | { kind: 'evaluations' }
  /** at evaluations, and while training at most every `everyMs`, spending at most about `share` of the time */
  | { kind: 'periodic'; everyMs: number; share: number }
  /** the run's training step itself, profiled every `every` steps */
  | { kind: 'profiledStep'; every: number }
  /** at evaluations, and every `every` steps when no other report is due */
  | { kind: 'steps'; every: number };

export interface ReportDef<P, S, W extends boolean> {
  /** true: sent only while a widget on the page watches it; false: always */
  watched: W;
  schedule: Schedule;
  /** what it is measured on, for normal and for slow backends */
  sizes: { normal: S; slow: S };
  /** a setting from the page it reads (ReportContext): a new value sends it again while watched */
  reads?: 'maskView';
  /** also measured once for the untrained model of each new run (on an untrained twin once it has trained): what later ones are read against */
  untrained?: true;
  /** the first run only (the page shows one of it) */
  firstRunOnly?: true;
  /** null: nothing to show for this run (a CNN has no attention maps) */
  make(tr: TrainerView, size: S, ctx: ReportContext): Promise<P | null>;
  /** the arrays handed to the page without a copy */
  transfer(p: P): ArrayBufferLike[];
  /** measured once on a new run at step 0, where later reports read against it */
  baseline?(tr: TrainerView, size: S, ctx: ReportContext): Promise<void>;
}
const report = <P, S, W extends boolean>(d: ReportDef<P, S, W>) => d;

/** attention maps drawn, and held-out images their Jaccard is averaged over (and the same for the patch PCA) */
const drawnAndScored = { normal: { images: 12, scored: 100 }, slow: { images: 12, scored: 24 } };

export const REPORTS = {
  eval: report({
    watched: false, schedule: { kind: 'evaluations' }, sizes: { normal: BROWSER_EVAL, slow: LIGHT_EVAL }, untrained: true,
    make: async (tr, size, ctx) => ({ record: await evaluate(tr, ctx.evalSizes ?? size), initial: ctx.initial }),
    transfer: () => [],
  }),
  embedding: report({
    // points shared by the runs on the page, at least 100 each
    watched: true, schedule: { kind: 'evaluations' }, sizes: { normal: { points: 1000 }, slow: { points: 200 } },
    async make(tr, size, ctx) {
      const { coords, labels, basis } = await embedding2d(tr, Math.max(100, Math.round(size.points / ctx.runs)), ctx.memo.basis);
      ctx.memo.basis = basis;
      return { coords, labels };
    },
    transfer: (p) => [p.coords.buffer, p.labels.buffer],
  }),
  attention: report({
    watched: true, schedule: { kind: 'periodic', everyMs: 1500, share: 0.1 }, sizes: drawnAndScored,
    make: (tr, size, ctx) => attentionMaps(tr, size.images, size.scored, ctx.memo),
    transfer: (p) => [p.maps.buffer, p.rgba.buffer],
    baseline: async (tr, size, ctx) => void (tr.data.test.masks && (await attentionMaps(tr, 0, size.scored, ctx.memo))),
  }),
  teacher: report({
    watched: true, schedule: { kind: 'periodic', everyMs: 1000, share: 0.05 }, sizes: { normal: { images: 128 }, slow: { images: 32 } },
    make: (tr, size) => teacherReport(tr, size.images),
    transfer: (p) => [p.mean.buffer, p.sortedPerImage.buffer],
  }),
  geometry: report({
    // held-out images on the sphere: fewer per run when several runs share the screen (and the CPU)
    watched: true, schedule: { kind: 'periodic', everyMs: 600, share: 0.2 }, sizes: { normal: { one: 256, many: 128 }, slow: { one: 256, many: 128 } },
    make: (tr, size, ctx) => geometry(tr, ctx.runs > 1 ? size.many : size.one),
    transfer: (p) => [p.z.buffer, p.labels.buffer, p.spectrum.buffer],
  }),
  probes: report({
    watched: true, schedule: { kind: 'evaluations' }, sizes: { normal: BROWSER_PROBES, slow: LIGHT_PROBES },
    make: (tr, size) => probes(tr, size),
    transfer: () => [],
  }),
  patches: report({
    watched: true, schedule: { kind: 'periodic', everyMs: 1500, share: 0.1 }, sizes: drawnAndScored,
    make: (tr, size, ctx) => patchPca(tr, size.images, size.scored, ctx.memo),
    transfer: (p) => [p.rgb.buffer, p.foreground.buffer, p.rgba.buffer],
    baseline: async (tr, size, ctx) => void (tr.data.test.masks && (await patchPca(tr, 0, size.scored, ctx.memo))),
  }),
  masked: report({
    watched: true, schedule: { kind: 'periodic', everyMs: 1000, share: 0.05 }, sizes: { normal: { images: 4 }, slow: { images: 4 } }, reads: 'maskView',
    make: (tr, size, ctx) => maskedReport(tr, size.images, ctx.maskView.ratio, ctx.maskView.seed),
    transfer: (p) => [p.masks.buffer, p.teacherTop.buffer, p.studentTop.buffer, p.loss.buffer, p.teacherConfidence.buffer, p.rgba.buffer],
  }),
  spread: report({
    watched: true, schedule: { kind: 'periodic', everyMs: 1000, share: 0.05 }, sizes: { normal: { images: 500 }, slow: { images: 100 } },
    make: (tr, size) => spread(tr, size.images),
    transfer: (p) => [p.nn.buffer],
  }),
  runMemory: report({
    watched: true, schedule: { kind: 'profiledStep', every: 10 }, sizes: { normal: {}, slow: {} },
    async make(tr, _size, ctx) {
      const { memory, record } = await memoryReport(tr);
      ctx.onStep?.(record);
      return memory;
    },
    transfer: () => [],
  }),
  views: report({
    watched: false, schedule: { kind: 'steps', every: 10 }, sizes: { normal: { images: 6 }, slow: { images: 6 } }, firstRunOnly: true,
    async make(tr, size) {
      const preview = await viewsPreview(tr, size.images, substream(tr.config.seed + tr.step, 'preview'));
      return { k: size.images, ...preview };
    },
    transfer: (p) => [p.rgba.buffer, ...(p.locals ? [p.locals.rgba.buffer] : [])],
  }),
};

type Table = typeof REPORTS;
export type ReportName = keyof Table;
/** What a report carries (its message to the page, less type, run and step). */
export type Payload<K extends ReportName> = NonNullable<Awaited<ReturnType<Table[K]['make']>>>;
/** Reports a widget asks for while it is on screen. */
export type Watch = { [K in ReportName]: Table[K]['watched'] extends true ? K : never }[ReportName];
/** One report of one run, as the worker posts it. */
export type ReportMessage = { [K in ReportName]: { type: K; run: string; step: number } & Payload<K> }[ReportName];

export const REPORT_NAMES = Object.keys(REPORTS) as ReportName[];
export const WATCHES = REPORT_NAMES.filter((k) => REPORTS[k].watched) as Watch[];
