import { describe, expect, it } from 'vitest';
import { skipRepeatedUniformWrites } from './webgpu-uniforms';

const UNIFORM = 0x40 | 0x08;
const STORAGE = 0x80 | 0x08;

function fakeQueue() {
  const writes: number[][] = [];
  const queue = {
    writeBuffer: (_b: GPUBuffer, offset: number, data: ArrayBuffer) => {
      writes.push([offset, ...new Int32Array(data)]);
    },
  } as unknown as GPUQueue;
  return { queue, writes };
}
const buffer = (size: number, usage: number) => ({ size, usage }) as GPUBuffer;
const ints = (...v: number[]) => Int32Array.from(v).buffer;

describe('uniform writes', () => {
  it('skips a whole write that repeats what the buffer holds, and makes any other', () => {
    const { queue, writes } = fakeQueue();
    skipRepeatedUniformWrites(queue);
    const u = buffer(12, UNIFORM);
    const v = buffer(12, UNIFORM);
    queue.writeBuffer(u, 0, ints(1, 2, 3));
    queue.writeBuffer(u, 0, ints(1, 2, 3));
    queue.writeBuffer(v, 0, ints(1, 2, 3));
    queue.writeBuffer(u, 0, ints(1, 2, 4));
    queue.writeBuffer(u, 0, ints(1, 2, 3));
    expect(writes).toEqual([[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 4], [0, 1, 2, 3]]);
  });

  it('forgets a buffer’s contents after a partial write, and never skips storage writes', () => {
    const { queue, writes } = fakeQueue();
    skipRepeatedUniformWrites(queue);
    const u = buffer(12, UNIFORM);
    queue.writeBuffer(u, 0, ints(1, 2, 3));
    queue.writeBuffer(u, 4, ints(9));
    queue.writeBuffer(u, 0, ints(1, 2, 3));
    const s = buffer(12, STORAGE);
    queue.writeBuffer(s, 0, ints(5, 6, 7));
    queue.writeBuffer(s, 0, ints(5, 6, 7));
    expect(writes).toHaveLength(5);
  });

  it('keeps its own copy: changing the caller’s array afterwards does not hide a change', () => {
    const { queue, writes } = fakeQueue();
    skipRepeatedUniformWrites(queue);
    const u = buffer(8, UNIFORM);
    const data = ints(1, 2);
    queue.writeBuffer(u, 0, data);
    new Int32Array(data)[1] = 7;
    queue.writeBuffer(u, 0, data);
    expect(writes).toEqual([[0, 1, 2], [0, 1, 7]]);
  });
});
