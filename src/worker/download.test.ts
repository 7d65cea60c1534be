import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readInflated } from './download';

// a body that arrives in pieces, as a download does
const arriving = (bytes: Uint8Array, piece = 1000) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let at = 0; at < bytes.length; at += piece) c.enqueue(bytes.slice(at, at + piece));
      c.close();
    },
  });

describe('a download read as it arrives', () => {
  const file = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251);

  it('inflates a gzip body, and tells its progress in the file’s own bytes, up to the whole', async () => {
    const heard: number[] = [];
    const out = await readInflated(arriving(new Uint8Array(gzipSync(file))), file.length, (done, total) => {
      expect(total).toBe(file.length);
      heard.push(done);
    });
    expect(out).toEqual(file);
    expect(heard.length).toBeGreaterThan(1);
    expect(heard.every((d, i) => i === 0 || d >= heard[i - 1])).toBe(true);
    expect(heard.at(-1)).toBe(file.length);
  });
  it('reads a body the host inflated already (sent with Content-Encoding: gzip) as it is', async () => {
    expect(await readInflated(arriving(file), file.length)).toEqual(file);
  });
});
