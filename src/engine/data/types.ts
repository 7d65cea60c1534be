// One interface for every dataset: uint8 pixels stay on the CPU (a float32 copy of 10k images
// would be 120 MB) and each batch is uploaded as it is drawn.

export const IMAGE_SIZE = 32;
/** Side of DINO's local crops: half the global crop, as 96 is to 224 in DINO. */
export const LOCAL_SIZE = 16;

export interface ImageSet {
  n: number;
  /** 1 (grayscale, expanded to RGB on the backend) or 3. */
  channels: 1 | 3;
  /** n × 32 × 32 × channels, row-major, 0–255. */
  pixels: Uint8Array;
  labels: Uint8Array;
  /** n × 32 × 32 foreground coverage 0–255, where the dataset knows it. */
  masks?: Uint8Array;
  /**
   * A set drawn on demand (on-demand.ts): draws rows `idx` and gives the arrays they sit in,
   * without drawing the rest. Absent: every row is there already.
   */
  rows?(idx: ArrayLike<number>): { pixels: Uint8Array; masks?: Uint8Array };
}

export interface Dataset {
  name: string;
  classNames: readonly string[];
  train: ImageSet;
  /** held out: never trained on; kNN and the embedding views read it. */
  test: ImageSet;
  attribution: string;
}

/** Rows `idx` of a set, as a new set (used for batches and evaluation subsets). */
export function subset(set: ImageSet, idx: ArrayLike<number>): ImageSet {
  const px = IMAGE_SIZE * IMAGE_SIZE * set.channels;
  const pixels = new Uint8Array(idx.length * px);
  const labels = new Uint8Array(idx.length);
  const src = set.rows ? set.rows(idx) : set;
  const masks = src.masks ? new Uint8Array(idx.length * IMAGE_SIZE * IMAGE_SIZE) : undefined;
  for (let i = 0; i < idx.length; i++) {
    const j = idx[i];
    pixels.set(src.pixels.subarray(j * px, (j + 1) * px), i * px);
    labels[i] = set.labels[j];
    if (masks && src.masks) masks.set(src.masks.subarray(j * 1024, (j + 1) * 1024), i * 1024);
  }
  return { n: idx.length, channels: set.channels, pixels, labels, masks };
}

/** The first `n` rows (or all of them). */
export function head(set: ImageSet, n: number): ImageSet {
  if (n >= set.n) return set;
  return subset(set, Array.from({ length: n }, (_, i) => i));
}
