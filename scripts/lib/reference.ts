// Checks the engine's loss and metric functions against reference vectors
// (shared/reference/README.md format). Returns one line per expected value.
import * as tf from '@tensorflow/tfjs';
import { alignment, normalizedStd, rankMe, uniformity } from '../../src/engine/metrics/diagnostics';
import { knnPredict } from '../../src/engine/metrics/knn';
import { byolLoss } from '../../src/engine/methods/byol';
import { cosineSchedule, dinoLoss, prototypeLogits, teacherTempSchedule } from '../../src/engine/methods/dino';
import { koleo, sinkhornKnopp } from '../../src/engine/methods/dinov2';
import { ibotLoss } from '../../src/engine/methods/ibot';
import { mocoEnqueue, mocoInfoNce } from '../../src/engine/methods/moco';
import { ntXent, ntXentCodeForm } from '../../src/engine/methods/simclr';
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

type Checker = (entry: Json) => Promise<Record<string, number | number[]>>;

// Each checker computes, with the engine's own functions, the values its entry expects.
const CHECKERS: Record<string, Checker> = {
  async nt_xent(e) {
    const { z1, z2 } = e.inputs as Json;
    const tau = Number((e.hparams as Json).temperature);
    const a = t2(z1);
    const b = t2(z2);
    const paper = ntXent(a, b, tau);
    const out = {
      paper_mean_over_2N: (await paper.loss.data())[0],
      simclr_code_loss: (await ntXentCodeForm(a, b, tau).data())[0],
      'simclr_code_loss_tau0.1': (await ntXentCodeForm(a, b, 0.1).data())[0],
    };
    tf.dispose([a, b, paper.loss, paper.accuracy]);
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
    const hp = e.hparams as Json;
    const [student, teacher, center] = [inp.student_output, inp.teacher_output, inp.center].map(t2) as tf.Tensor2D[];
    const out = dinoLoss(student, teacher, center, Number(inp.ncrops), {
      teacherTemp: Number(hp.teacher_temp), studentTemp: Number(hp.student_temp), centerMomentum: Number(hp.center_momentum),
    });
    const head = prototypeLogits(t2(inp.head_x_bottleneck) as tf.Tensor2D, t2(inp.head_V_KxD) as tf.Tensor2D);
    const res = {
      loss: (await out.loss.data())[0],
      new_center: Array.from(await out.center.data()),
      teacher_entropy: (await out.teacherEntropy.data())[0],
      kl_teacher_student: (await out.kl.data())[0],
      head_logits_weightnorm_g1: Array.from(await head.data()),
      'teacher_temp_schedule_0.04_0.07_w3_n6': teacherTempSchedule(0.04, 0.07, 3, 6),
      'momentum_schedule_0.996_to_1_ep2_it3': cosineSchedule(0.996, 1, 2, 3),
    };
    tf.dispose([student, teacher, center, head, out.loss, out.center, out.teacherEntropy, out.kl]);
    return res;
  },
  async ibot(e) {
    const inp = e.inputs as Json;
    const hp = e.hparams as Json;
    const t3 = (x: unknown) => tf.tensor3d(x as number[][][]);
    const out = ibotLoss(
      t2(inp.student_cls) as tf.Tensor2D, t3(inp.student_patch), t2(inp.teacher_cls) as tf.Tensor2D, t3(inp.teacher_patch),
      t2(inp.masks) as tf.Tensor2D, t2(inp.center) as tf.Tensor2D, t3(inp.center2),
      {
        teacherTemp: Number(hp.teacher_temp), teacherPatchTemp: Number(hp.teacher_patch_temp), studentTemp: Number(hp.student_temp),
        centerMomentum: Number(hp.center_momentum), centerMomentum2: Number(hp.center_momentum2),
        lambda1: Number(hp.lambda1), lambda2: Number(hp.lambda2), nGlobal: Number(inp.ngcrops), nLocal: Number(inp.nlcrops),
      },
    );
    return {
      loss_cls: (await out.lossCls.data())[0],
      loss_patch: (await out.lossPatch.data())[0],
      loss: (await out.loss.data())[0],
      new_center: Array.from(await out.center.data()),
      new_center2: Array.from(await out.center2.data()),
    };
  },
  async dinov2(e) {
    const inp = e.inputs as Json;
    const hp = e.hparams as Json;
    return {
      sinkhorn_knopp_probs: Array.from(await sinkhornKnopp(t2(inp.teacher_output) as tf.Tensor2D, Number(hp.teacher_temp), Number(hp.sk_iterations)).data()),
      koleo: (await koleo(t2(inp.koleo_x) as tf.Tensor2D, Number(hp.koleo_eps)).data())[0],
    };
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
      one_over_sqrt_D: 1 / Math.sqrt(z.d),
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
