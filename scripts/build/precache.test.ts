import { describe, expect, it } from 'vitest';
import { precacheFiles } from './precache';

describe('the files kept for offline use', () => {
  it('keeps the page, its scripts, styles, wasm, woff2 fonts, MNIST, icons and recorded runs; not the bench, other font formats, other JSON or the worker itself', () => {
    const assets = ['start-abc.js', 'start-abc.css', 'training.worker-x.js', 'worker-dist-y.js', 'tfjs-backend-wasm-simd-z.wasm', 'KaTeX_Main-Regular-q.woff2', 'KaTeX_Main-Regular-q.woff', 'KaTeX_Main-Regular-q.ttf', 't10k-images-idx3-ubyte-k.gz', 'bench-m.js', 'bench.worker-n.js'];
    expect(precacheFiles(assets, ['sw.js', 'recordings', 'recordings/dino.json.gz', 'manifest.webmanifest', 'notes.json', 'icon.svg', 'icon-192.png', 'icon-512.png'])).toEqual([
      '',
      'index.html',
      'manifest.webmanifest',
      'icon.svg',
      'icon-192.png',
      'icon-512.png',
      'recordings/dino.json.gz',
      'assets/KaTeX_Main-Regular-q.woff2',
      'assets/start-abc.css',
      'assets/start-abc.js',
      'assets/t10k-images-idx3-ubyte-k.gz',
      'assets/tfjs-backend-wasm-simd-z.wasm',
      'assets/training.worker-x.js',
      'assets/worker-dist-y.js',
    ]);
  });
});
