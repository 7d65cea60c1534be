// tfjs writes every dispatch's uniforms (shapes, strides, sizes, the program's own constants) into
// a pooled uniform buffer with queue.writeBuffer: ~860 writes in a DINOv2 step. The pool now hands
// each dispatch the same uniform buffer every step (webgpu-pool.ts), so most writes repeat what the
// buffer already holds. A write whose bytes equal the buffer's last whole write is skipped: the
// queue runs writes in order, so the buffer holds those bytes when the dispatch reads it.

/** GPUBufferUsage.UNIFORM (WebGPU spec). */
const UNIFORM = 0x40;

type Queue = Pick<GPUQueue, 'writeBuffer'>;

const same = (a: Int32Array, b: Int32Array) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Skip the uniform writes that would not change their buffer. */
export function skipRepeatedUniformWrites(queue: Queue): void {
  const last = new WeakMap<GPUBuffer, Int32Array>();
  const write = queue.writeBuffer.bind(queue) as (...a: unknown[]) => undefined;
  queue.writeBuffer = ((buffer: GPUBuffer, offset: number, data: ArrayBuffer | ArrayBufferView, dataOffset?: number, size?: number) => {
    if (!(buffer.usage & UNIFORM)) return write(buffer, offset, data, dataOffset, size);
    const whole = offset === 0 && (dataOffset ?? 0) === 0 && data instanceof ArrayBuffer && (size ?? data.byteLength) === buffer.size && buffer.size % 4 === 0;
    if (!whole) {
      last.delete(buffer);
      return write(buffer, offset, data, dataOffset, size);
    }
    const bytes = new Int32Array(data, 0, buffer.size / 4);
    const prev = last.get(buffer);
    if (prev && same(prev, bytes)) return undefined;
    last.set(buffer, bytes.slice());
    return write(buffer, offset, data, dataOffset, size);
  }) as GPUQueue['writeBuffer'];
}
