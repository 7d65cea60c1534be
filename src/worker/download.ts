// A download read as it arrives: inflated if it is gzip (the lab ships MNIST gzipped), read as it
// is if the host inflated it already (a .gz sent with Content-Encoding: gzip), and its progress
// told in the file's own bytes.

/** The whole body, uncompressed; `progress` hears bytes so far of `total` (the file's known size). */
export async function readInflated(body: ReadableStream<Uint8Array>, total: number, progress?: (done: number, total: number) => void): Promise<Uint8Array> {
  const reader = (await inflated(body)).getReader();
  const parts: Uint8Array[] = [];
  let done = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    parts.push(r.value);
    done += r.value.length;
    progress?.(Math.min(done, total), total);
  }
  const out = new Uint8Array(done);
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** The body inflated, unless it does not start as gzip does (1f 8b). */
async function inflated(body: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  const first = await reader.read();
  const again = new ReadableStream<Uint8Array>({
    start(c) {
      if (!first.done) c.enqueue(first.value);
    },
    async pull(c) {
      const r = await reader.read();
      if (r.done) c.close();
      else c.enqueue(r.value);
    },
  });
  const gzip = !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b;
  // (the DOM types have the stream take BufferSource; a Uint8Array is one)
  return gzip ? again.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>) : again;
}
