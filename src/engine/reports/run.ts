// What a run costs and what it trains on: the bytes of its model and state and one step's peak
// (a profiled training step), and the augmentation preview of a few training images.
import * as tf from '@tensorflow/tfjs';
import { toTensor } from '../data/augment';
import { head } from '../data/types';
import type { Rng } from '../rng';
import { tensorsIn } from '../tensors';
import type { StepRecord, TrainerView } from '../trainer';

/** What a run holds on the backend, and what one step adds at its peak (see memoryReport()). */
export interface MemoryReport {
  /** the model's weights (trained and momentum copies), bytes */
  modelBytes: number;
  /** a memory-queue method's queue: length, next slot written, slots holding real keys */
  queue?: { size: number; ptr: number; filled: number; batch: number };
  /** the method's state between steps (MoCo's queue, DINO's centre), bytes */
  stateBytes: number;
  /** the most one training step held above what was allocated before it (activations, gradients), bytes */
  stepPeakBytes: number;
  /** that step's time, ms */
  stepMs: number;
}

/**
 * Bytes of the model and of the method's state, and the peak of one training step above what was
 * allocated before it (tf.profile: every backend counts its tensors' bytes the same way). Trains
 * that one step.
 */
export async function memoryReport(tr: TrainerView): Promise<{ memory: MemoryReport; record: StepRecord }> {
  const bytes = (ts: tf.Tensor[]) => ts.reduce((a, t) => a + t.size * 4, 0);
  const before = tf.memory().numBytes;
  let record: StepRecord | null = null;
  const info = await tf.profile(async () => {
    record = await tr.trainStep();
    return [];
  });
  const r = record as unknown as StepRecord;
  const q = tr.method.queueOf?.(tr.state);
  return {
    memory: { modelBytes: bytes(tensorsIn(tr.model)), stateBytes: bytes(tensorsIn(tr.state)), stepPeakBytes: Math.max(0, info.peakBytes - before), stepMs: r.ms, ...(q ? { queue: { ...q, batch: tr.config.batchSize } } : {}) },
    record: r,
  };
}

/**
 * k training images × (original, view 1, view 2), 32×32 RGBA; multi-crop methods add their local
 * crops (16×16 RGBA, crop-major) as the student gets them.
 */
export async function viewsPreview(tr: TrainerView, k: number, rng: Rng): Promise<{ rgba: Uint8ClampedArray; locals?: { count: number; rgba: Uint8ClampedArray } }> {
  const set = head(tr.data.train, k);
  const { v1, v2 } = tr.makeViews(set, rng);
  const count = tr.method.localCrops?.(tr.config) ?? 0;
  const rgbaOf = (x: tf.Tensor) => tf.tidy(() => tf.concat([x, tf.ones([...x.shape.slice(0, -1), 1])], -1).mul(255));
  const all = tf.tidy(() => rgbaOf(tf.stack([toTensor(set.pixels, set.n, set.channels), v1, v2], 1))); // [k, 3, 32, 32, 4]
  tf.dispose([v1, v2]);
  const rgba = Uint8ClampedArray.from(await all.data());
  all.dispose();
  if (!count) return { rgba };
  const loc = tf.tidy(() => rgbaOf(tr.makeLocals(set, count, rng)));
  const locals = { count, rgba: Uint8ClampedArray.from(await loc.data()) };
  loc.dispose();
  return { rgba, locals };
}
