// Checks the engine's loss and metric functions against reference vectors
// (shared/reference/README.md format). Returns one line per expected value.
import * as tf from '@tensorflow/tfjs';
import { alignment, normalizedStd, rankMe, uniformity } from '../../src/engine/metrics/diagnostics';
import { knnPredict } from '../../src/engine/metrics/knn';
import { byolLoss } from '../../src/engine/methods/byol';
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

const NOT_YET: Record<string, string> = {
  dino: 'DINO is not in the lab yet',
  ibot: 'iBOT is not in the lab yet',
  dinov2: 'DINOv2 is not in the lab yet',
};

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
        lines.push({ status: 'skip', key, text: 'not computed by the engine' });
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
