// Checks the functions training calls — each method's loss from its logits, the schedules, the
// metrics — against reference vectors (the format of src/engine/__fixtures__/vectors-seed1.json).
// No paper-form twin stands in for a training function here. Returns one line per expected value.
import * as tf from '@tensorflow/tfjs';
import { defaultConfig, type Config } from '../../src/config/schema';
import { healthyStd } from '../../src/engine/metrics/collapse';
import { alignment, normalizedStd, rankMe, uniformity } from '../../src/engine/metrics/diagnostics';
import { knnPredict } from '../../src/engine/metrics/knn';
import { prototypeLogits } from '../../src/engine/models/dinoHead';
import { byolLoss } from '../../src/engine/methods/byol';
import { clsDistillLoss, nextCenter, SINKHORN_ITERATIONS, teacherTargets, teacherTempAt } from '../../src/engine/methods/distill';
import { maskedRows, patchDistillLoss } from '../../src/engine/methods/maskedDistill';
import { koleo } from '../../src/engine/ops/koleo';
import { mocoEnqueue, mocoInfoNce } from '../../src/engine/methods/moco';
import { ntXent } from '../../src/engine/methods/simclr';
import { simsiamLoss } from '../../src/engine/methods/simsiam';
import { cosineMomentum } from '../../src/engine/ops/ema';

type Json = Record<string, unknown>;
export interface CheckLine {
  status: 'pass' | 'FAIL' | 'skip';
  key: string;
  text: string;
}

const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [Number(x)]);
const matrix = (x: unknown): { data: Float64Array; n: number; d: number } => {
  const rows = x as number[][];
  return { data: Float64Array.from(rows.flat()), n: rows.length, d: rows[0].length };
};
const t2 = (x: unknown) => tf.tensor2d(x as number[][], undefined, 'float32');

export function close(expected: number, got: number): boolean {
  return Math.abs(expected - got) <= Math.max(1e-4 * Math.abs(expected), 1e-5);
}

/** A self-distillation config from a reference entry's hparams: centring and sharpening, no warm-up left. */
function distillConfig(hp: Json): Config {
  return {
    ...defaultConfig(),
    centering: true, sinkhorn: false, centerMomentum: Number(hp.center_momentum), studentTemp: Number(hp.student_temp),
    teacherTemp: Number(hp.teacher_temp), teacherTempStart: Number(hp.teacher_temp), teacherTempWarmup: 0,
  };
}

type Checker = (entry: Json) => Promise<Record<string, number | number[]>>;

// Each checker computes, with the engine's own functions, the values its entry expects.
const CHECKERS: Record<string, Checker> = {
  async nt_xent(e) {
    const { z1, z2 } = e.inputs as Json;
    const tau = Number((e.hparams as Json).temperature);
    const a = t2(z1);
    const b = t2(z2);
    const at = async (t: number) => {
      const r = ntXent(a, b, t);
      const v = (await r.loss.data())[0];
      tf.dispose([r.loss, r.accuracy]);
      return v;
    };
    const paper = await at(tau);
    // the official code's loss is exactly twice the paper's (its two directions are summed, not
    // averaged), as the lesson says; the file's own code-form values check that claim
    const out = { paper_mean_over_2N: paper, simclr_code_loss: 2 * paper, 'simclr_code_loss_tau0.1': 2 * (await at(0.1)) };
    tf.dispose([a, b]);
    return out;
  },
  async moco_infonce(e) {
    const inp = e.inputs as Json;
    const T = Number((e.hparams as Json).T);
    const q = t2(inp.q);
    const k = t2(inp.k);
    const queue = t2(inp.queue_CxK);
    const { loss, logits, accuracy } = mocoInfoNce(q, k, queue, T);
    const next = mocoEnqueue(queue, k, Number(inp.ptr));
    const out = {
      loss: (await loss.data())[0],
      logits: Array.from(await logits.data()),
      queue_after_enqueue: Array.from(await next.queue.data()),
      ptr_after: next.ptr,
    };
    tf.dispose([q, k, queue, loss, logits, accuracy, next.queue]);
    return out;
  },
  async byol_simsiam(e) {
    const inp = e.inputs as Json;
    const hp = e.hparams as Json;
    const [p1, p2, z1, z2] = [inp.p1, inp.p2, inp.z1, inp.z2].map(t2) as tf.Tensor2D[];
    const b = byolLoss(p1, p2, z1, z2);
    const s = simsiamLoss(p1, p2, z1, z2);
    const out = {
      byol_loss: (await b.data())[0],
      simsiam_loss: (await s.data())[0],
      byol_tau_at_steps_0_250_500_1000: [0, 250, 500, 1000].map((k) => cosineMomentum(Number(hp.byol_base_ema), k, Number(hp.max_steps))),
    };
    tf.dispose([p1, p2, z1, z2, b, s]);
    return out;
  },
  async dino(e) {
    const inp = e.inputs as Json;
    const c = distillConfig(e.hparams as Json);
    const [student, teacher, center] = [inp.student_output, inp.teacher_output, inp.center].map(t2) as tf.Tensor2D[];
    const out = clsDistillLoss(student, teacher, center, Number(inp.ncrops), c, 0);
    // the head's last layer as its forward pass computes it: prototypes are the columns of [D, K]
    const head = prototypeLogits(t2(inp.head_x_bottleneck) as tf.Tensor2D, tf.transpose(t2(inp.head_V_KxD)) as tf.Tensor2D);
    // DINO's schedules as training reads them, one value per step: the teacher temperature's warm-up
    // over 3 of 6 (its epochs), and the teacher momentum's cosine over 2 × 3 iterations
    const warm = { teacherTempStart: 0.04, teacherTemp: 0.07, teacherTempWarmup: 3 };
    const res = {
      loss: (await out.loss.data())[0],
      new_center: Array.from(await out.center.data()),
      teacher_entropy: (await out.teacherEntropy.data())[0],
      kl_teacher_student: (await out.kl.data())[0],
      head_logits_weightnorm_g1: Array.from(await head.data()),
      'teacher_temp_schedule_0.04_0.07_w3_n6': Array.from({ length: 6 }, (_, step) => teacherTempAt(warm, step)),
      'momentum_schedule_0.996_to_1_ep2_it3': Array.from({ length: 6 }, (_, step) => cosineMomentum(0.996, step, 6)),
    };
    tf.dispose([student, teacher, center, head, out.loss, out.center, out.teacherEntropy, out.kl]);
    return res;
  },
  async ibot(e) {
    const inp = e.inputs as Json;
    const hp = e.hparams as Json;
    if (Number(hp.lambda1) !== 1 || Number(hp.lambda2) !== 1) throw new Error('training weighs both terms 1: lambda1 = lambda2 = 1 only');
    const c = distillConfig(hp);
    const ng = Number(inp.ngcrops);
    const nCrops = ng + Number(inp.nlcrops);
    const masks = Uint8Array.from(flat(inp.masks));
    const n = (inp.masks as unknown[]).length; // global crops × images, one patch grid each
    const p = masks.length / n;
    const k = (inp.center as number[][])[0].length;
    // read back asynchronously: dataSync has no reliable path on WebGPU (this check runs there too)
    const [lossCls, lossPatch, center, center2Next] = tf.tidy((): tf.Tensor[] => {
      const sPatch = tf.tensor2d(flat(inp.student_patch), [n * p, k]);
      const tPatch = tf.tensor2d(flat(inp.teacher_patch), [n * p, k]);
      const center2 = tf.tensor2d(flat(inp.center2), [1, k]);
      const cls = clsDistillLoss(t2(inp.student_cls) as tf.Tensor2D, t2(inp.teacher_cls) as tf.Tensor2D, t2(inp.center) as tf.Tensor2D, nCrops, c, 0);
      // the patch term as maskedDistillStep computes it: at the masked rows only, per-image weights
      const { rows, weights } = maskedRows(masks, n, p);
      const idx = tf.tensor1d(rows, 'int32');
      const patch = patchDistillLoss(tf.gather(sPatch, idx) as tf.Tensor2D, tf.gather(tPatch, idx) as tf.Tensor2D, weights, center2, c, 0, Number(hp.teacher_patch_temp));
      // iBOT's patch centre follows every teacher patch token, masked or not
      const next2 = nextCenter(center2, tPatch, Number(hp.center_momentum2));
      return [cls.loss, patch, cls.center, next2];
    });
    const [lc, lp, nc, nc2] = await Promise.all([lossCls, lossPatch, center, center2Next].map((t) => t.data()));
    tf.dispose([lossCls, lossPatch, center, center2Next]);
    return {
      loss_cls: lc[0],
      loss_patch: lp[0],
      loss: lc[0] + lp[0],
      new_center: Array.from(nc),
      new_center2: Array.from(nc2),
    };
  },
  async dinov2(e) {
    const inp = e.inputs as Json;
    const hp = e.hparams as Json;
    if (Number(hp.sk_iterations) !== SINKHORN_ITERATIONS) throw new Error(`training runs ${SINKHORN_ITERATIONS} Sinkhorn-Knopp iterations; the file asks ${hp.sk_iterations}`);
    const sinkhorn = { sinkhorn: true, centering: false };
    const logits = t2(inp.teacher_output) as tf.Tensor2D;
    const x = t2(inp.koleo_x) as tf.Tensor2D;
    const q = teacherTargets(logits, tf.zeros([1, logits.shape[1]]), Number(hp.teacher_temp), sinkhorn);
    const ko = koleo(x, Number(hp.koleo_eps));
    const out = { sinkhorn_knopp_probs: Array.from(await q.data()), koleo: (await ko.data())[0] };
    tf.dispose([logits, x, q, ko]);
    return out;
  },
  async diagnostics(e) {
    const inp = e.inputs as Json;
    const x = matrix(inp.x);
    const y = matrix(inp.y);
    const z = matrix(inp.Z);
    return {
      alignment: alignment(x.data, y.data, x.n, x.d),
      uniformity_x: uniformity(x.data, x.n, x.d),
      simsiam_std_Z: normalizedStd(z.data, z.n, z.d),
      // the healthy line the collapse gauges draw and the collapse rule measures against
      one_over_sqrt_D: healthyStd(z.d),
      rankme_Z: rankMe(z.data, z.n, z.d),
    };
  },
  async knn(e) {
    const inp = e.inputs as Json;
    const hp = e.hparams as Json;
    const train = t2(inp.train_f);
    const test = t2(inp.test_f);
    const pred = await knnPredict(train, flat(inp.train_y), test, { k: Number(hp.k), T: Number(hp.T), numClasses: Number(hp.num_classes) });
    tf.dispose([train, test]);
    return { pred: Array.from(pred) };
  },
};

const NOT_YET: Record<string, string> = {};
/** Values a file may hold that no implementation can reproduce (Python RNG draws, not formulas). */
const INFORMATIONAL = new Set(['ibot.example_block_mask_14x14_ratio0.3_count']);

export async function checkReference(json: Json, file = ''): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  const prefix = file ? `${file}:` : '';
  for (const [name, entry] of Object.entries(json)) {
    if (name === 'meta') continue;
    const expected = (entry as Json).expected as Json;
    const checker = CHECKERS[name];
    if (!checker) {
      for (const k of Object.keys(expected)) lines.push({ status: 'skip', key: `${prefix}${name}.${k}`, text: NOT_YET[name] ?? 'no engine function for this entry' });
      continue;
    }
    let got: Record<string, number | number[]>;
    try {
      got = await checker(entry as Json);
    } catch (err) {
      for (const k of Object.keys(expected)) lines.push({ status: 'FAIL', key: `${prefix}${name}.${k}`, text: `threw ${String(err)}` });
      continue;
    }
    for (const [k, exp] of Object.entries(expected)) {
      const key = `${prefix}${name}.${k}`;
      if (!(k in got)) {
        lines.push({ status: 'skip', key, text: INFORMATIONAL.has(`${name}.${k}`) ? 'informational: drawn by Python’s RNG' : 'not computed by the engine' });
        continue;
      }
      const e = flat(exp);
      const g = flat(got[k]);
      const ok = e.length === g.length && e.every((v, i) => close(v, g[i]));
      lines.push(ok ? { status: 'pass', key, text: '' } : { status: 'FAIL', key, text: `expected ${JSON.stringify(exp)} got ${JSON.stringify(got[k])}` });
    }
  }
  return lines;
}
