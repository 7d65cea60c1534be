// Features of held-out and training images for the reports, embedded once per step: an evaluation
// and the probes that follow it at the same step share them. Also the small helpers reports share.
import * as tf from '@tensorflow/tfjs';
import { head, IMAGE_SIZE, type ImageSet } from '../data/types';
import type { Features, TrainerView } from '../trainer';

/** per trainer: the step its cached features belong to, by split and count */
const caches = new WeakMap<TrainerView, { step: number; byKey: Map<string, Features> }>();

/** Features of the first `n` images of a split, kept until the weights change. */
export async function splitFeatures(tr: TrainerView, split: 'train' | 'test', n: number): Promise<Features> {
  const key = `${split}:${n}`;
  let cache = caches.get(tr);
  if (cache?.step !== tr.step) caches.set(tr, (cache = { step: tr.step, byKey: new Map() }));
  const hit = cache.byKey.get(key);
  if (hit) return hit;
  // the first n of a larger set embedded at this step are these same images
  for (const [k, f] of cache.byKey) {
    const [s, m] = k.split(':');
    if (s === split && Number(m) >= n) return { h: f.h.subarray(0, n * f.dh), z: f.z.subarray(0, n * f.dz), dh: f.dh, dz: f.dz };
  }
  const f = await tr.features(head(tr.data[split], n));
  cache.byKey.set(key, f);
  return f;
}

/**
 * z of a batch of views, in chunks of `chunk` images: the ViT's attention over a thousand images
 * at once outgrows what the wasm backend can allocate (width 64, depth 4 failed at 1,000).
 */
export function zOf(tr: TrainerView, x: tf.Tensor4D, chunk = tr.config.backbone === 'vit' ? 128 : 1000): tf.Tensor2D {
  const n = x.shape[0];
  if (n <= chunk) return tf.tidy(() => tr.method.embed(tr.model, x).z);
  const parts: tf.Tensor2D[] = [];
  for (let s = 0; s < n; s += chunk) parts.push(tf.tidy(() => tr.method.embed(tr.model, tf.slice(x, [s, 0, 0, 0], [Math.min(chunk, n - s), -1, -1, -1])).z));
  const z = tf.concat(parts, 0);
  tf.dispose(parts);
  return z;
}

/** The first n images of a set as 32×32 RGBA bytes. */
export function rgbaOf(set: ImageSet, n: number): Uint8ClampedArray {
  const px = IMAGE_SIZE * IMAGE_SIZE;
  const rgba = new Uint8ClampedArray(n * px * 4);
  for (let i = 0; i < n * px; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = set.pixels[i * set.channels + (set.channels === 3 ? c : 0)];
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}
