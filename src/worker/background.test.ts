import { describe, expect, it } from 'vitest';
import { Background, Stopped, type Pace } from './background';

/** work of `n` chunks that logs each one and what became of it */
function chunks(n: number, log: string[]) {
  return async (pace: Pace) => {
    try {
      for (let i = 0; i < n; i++) {
        log.push(`chunk ${i}`);
        if (i < n - 1) await pace();
      }
      log.push('finished');
    } finally {
      log.push('unwound');
    }
  };
}

describe('Background (work that takes turns with training)', () => {
  it('a turn whose time is up ends at the next chunk boundary, and the next turn goes on from there', async () => {
    const bg = new Background();
    const log: string[] = [];
    await bg.turn(chunks(3, log), 0);
    expect(log).toEqual(['chunk 0']);
    expect(bg.busy).toBe(true);
    log.push('training');
    await bg.turn(null, 0);
    expect(log).toEqual(['chunk 0', 'training', 'chunk 1']);
    await bg.turn(null, Infinity);
    expect(log).toEqual(['chunk 0', 'training', 'chunk 1', 'chunk 2', 'finished', 'unwound']);
    expect(bg.busy).toBe(false);
  });

  it('work running to the end stops at its next chunk when training wants the worker', async () => {
    const bg = new Background();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const turn = bg.turn(async (pace) => {
      log.push('chunk 0');
      await gate; // (an await inside a chunk, as a readback is)
      await pace();
      log.push('chunk 1');
    }, Infinity);
    const yielded = bg.yieldNow();
    release();
    await yielded;
    await turn;
    expect(log).toEqual(['chunk 0']);
    expect(bg.busy).toBe(true);
    // with no turn on, training need not wait
    await bg.yieldNow();
    await bg.turn(null, Infinity);
    expect(log).toEqual(['chunk 0', 'chunk 1']);
  });

  it('cancelled while it waits for a turn, the work unwinds through its finally, and a turn after that has nothing to run', async () => {
    const bg = new Background();
    const log: string[] = [];
    await bg.turn(chunks(3, log), 0);
    await bg.cancel();
    expect(log).toEqual(['chunk 0', 'unwound']);
    expect(bg.busy).toBe(false);
    await bg.turn(null, Infinity);
    expect(log).toEqual(['chunk 0', 'unwound']);
  });

  it('a restart is told apart from a cancel, and an error of the work is kept in done while the turn still ends', async () => {
    const bg = new Background();
    let seen: unknown = null;
    await bg.turn(async (pace) => {
      try {
        await pace();
      } catch (e) {
        seen = e;
        throw e;
      }
    }, 0);
    await bg.cancel('restart');
    expect(seen).toBeInstanceOf(Stopped);
    expect((seen as Stopped).why).toBe('restart');
    await bg.turn(async () => {
      throw new Error('broken report');
    }, Infinity);
    expect(bg.busy).toBe(false);
    const failing = new Background();
    const turn = failing.turn(async () => {
      await Promise.resolve();
      throw new Error('broken later');
    }, Infinity);
    const done = failing.done;
    await turn;
    await expect(done).rejects.toThrow('broken later');
  });
});
