// An image set whose rows are drawn the first time anything reads them. Training reads a batch
// through `subset`, which draws just those rows; anything that reads `pixels` or `masks` whole
// (a kNN bank, a test) gets every row drawn first. Each row is drawn once and kept.
import type { ImageSet } from './types';

export function onDemand(n: number, channels: 1 | 3, labels: Uint8Array, canvas: { pixels: Uint8Array; masks?: Uint8Array }, draw: (i: number) => void): ImageSet {
  const drawn = new Uint8Array(n);
  let left = n;
  const ensure = (idx: ArrayLike<number>) => {
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      if (drawn[i]) continue;
      draw(i);
      drawn[i] = 1;
      left--;
    }
  };
  const all = () => {
    if (left > 0) for (let i = 0; i < n; i++) if (!drawn[i]) ensure([i]);
    return canvas;
  };
  return {
    n,
    channels,
    labels,
    get pixels() {
      return all().pixels;
    },
    get masks() {
      return all().masks;
    },
    rows(idx: ArrayLike<number>) {
      ensure(idx);
      return canvas;
    },
  };
}
