// Runs that start from the same untrained model measure the same step-0 baselines. A page that
// compares loss settings (DINO with and without centering, a τ sweep) builds its runs from one
// seed, so their initial weights are equal: the first run measures the untrained evaluation and
// the attention and patch baselines, the others copy them. On the 3-run ViT pages that is most
// of the wait for the baselines.
import type { MethodId } from '../config/methods';
import { SCHEMA, type Config, type ParamName } from '../config/schema';
import type { RunMemo } from '../engine/reports/context';
import { tensorsIn } from '../engine/tensors';

/** What an untrained model's reports read besides its weights: its data, its views, its shape. */
const READ_AT_STEP_ZERO = new Set(['data', 'augmentation', 'model']);

/** The same key means the same untrained measurements: method, what they read of the config, and every initial weight. */
export async function twinKey(methodId: MethodId, config: Config, model: unknown): Promise<string> {
  const settings = (Object.keys(SCHEMA) as ParamName[]).filter((k) => READ_AT_STEP_ZERO.has(SCHEMA[k].group)).map((k) => [k, config[k]]);
  // FNV-1a over every weight's bits and shape (a collision would need equal shapes and sums of
  // millions of floats; two different seeds give different keys, data.test.ts's kin in twins.test.ts)
  let h = 2166136261;
  for (const t of tensorsIn(model)) {
    for (const d of t.shape) h = Math.imul(h ^ d, 16777619);
    const bits = new Uint32Array(new Float32Array(await t.data()).buffer);
    for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i], 16777619);
  }
  return `${methodId} ${JSON.stringify(settings)} ${(h >>> 0).toString(16)}`;
}

export interface StepZero {
  /** the run's memo after its baselines (the untrained attention and patch scores) */
  memo: RunMemo;
  /** the untrained reports' payloads, as posted (copies: the posted ones gave their arrays away) */
  payloads: [string, unknown][];
}

/** Step-0 measurements by twin key, for one page's runs (a reset starts a new one). */
export class Twins {
  private readonly byKey = new Map<string, StepZero>();

  /** A twin's measurements into `memo` and out through `post`; false if there is no twin yet. */
  copy(key: string, memo: RunMemo, post: (type: string, payload: object) => void): boolean {
    const z = this.byKey.get(key);
    if (!z) return false;
    Object.assign(memo, structuredClone(z.memo));
    // posted without transfer: the message is a copy, and the kept payload stays whole
    for (const [type, payload] of z.payloads) post(type, payload as object);
    return true;
  }

  /** `z.memo` is copied (the run's memo changes as it trains); its payloads are kept as given. */
  set(key: string, z: StepZero) {
    this.byKey.set(key, { memo: structuredClone(z.memo), payloads: z.payloads });
  }
}
