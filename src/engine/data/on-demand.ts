// An image set whose rows are drawn the first time anything reads them. Training reads a batch
// through `subset`, which draws just those rows; anything that reads `pixels` or `masks` whole
// (a kNN bank, a test) gets every row drawn first. Each row is drawn once and kept.
import type { ImageSet } from './types';

export function onDemand(n: number, channels: 1 | 3, labels: Uint8Array, canvas: { pixels: Uint8Array; masks?: Uint8Array }, draw: (i: number) => void): ImageSet {
  const drawn = new Uint8Array(n);
  let whole = false;
  const one = (i: number) => {
    if (drawn[i]) return;
    draw(i);
    drawn[i] = 1;
  };
  const ensure = (idx: ArrayLike<number>) => {
    for (let k = 0; k < idx.length; k++) one(idx[k]);
  };
  const all = () => {
    if (!whole) for (let i = 0; i < n; i++) one(i);
    whole = true;
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
