// Work that must not hold up training (the untrained baselines) shares the worker's one thread with
// it by taking turns. The work calls `pace` between its chunks (a batch of images embedded); a turn
// ends at the first chunk boundary after its time is up, and the work waits there, its tensors and
// half-done state intact, until the next turn. So training never waits for more than one chunk.

/** Thrown out of `pace` when the work is cancelled or restarted: the work unwinds (and frees what it holds). */
export class Stopped extends Error {
  constructor(readonly why: 'cancelled' | 'restart') {
    super(why);
  }
}

export type Pace = () => Promise<void>;

export class Background {
  private running: Promise<void> | null = null;
  /** the work waiting at a chunk boundary for its next turn */
  private parked: (() => void) | null = null;
  /** whoever waits for the work's turn to end */
  private turnEnded: (() => void) | null = null;
  private until = Infinity;
  private stop: Stopped | null = null;

  /** work started and not yet ended (running or waiting for a turn) */
  get busy(): boolean {
    return this.running !== null;
  }

  /**
   * A turn of `ms` (Infinity: to the end): starts `work` if none is under way, else resumes it.
   * Resolves when the turn ends: the work waits at a chunk boundary, or has ended.
   */
  turn(work: ((pace: Pace) => Promise<void>) | null, ms: number): Promise<void> {
    if (!this.running && !work) return Promise.resolve();
    this.until = performance.now() + ms;
    const ended = new Promise<void>((r) => (this.turnEnded = r));
    if (this.running) this.wake();
    else {
      this.stop = null;
      this.running = work!(this.pace)
        .catch((e: unknown) => {
          if (!(e instanceof Stopped)) throw e;
        })
        .finally(() => {
          this.running = null;
          this.endTurn();
        });
      // an error in the work rejects its own promise (see done); the turn still ends
      this.running.catch(() => {});
    }
    return ended;
  }

  /** The work's own promise (errors included), or a resolved one when there is none. */
  get done(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** End the current turn at the next chunk boundary; resolves when it has (at once if no turn is on). */
  yieldNow(): Promise<void> {
    if (!this.running || this.parked) return Promise.resolve();
    this.until = -Infinity;
    return new Promise<void>((r) => {
      const before = this.turnEnded;
      this.turnEnded = () => {
        before?.();
        r();
      };
    });
  }

  /** Stop the work at its next chunk boundary (`restart`: it may put back what it had not finished); resolves once it has unwound. */
  async cancel(why: Stopped['why'] = 'cancelled'): Promise<void> {
    if (!this.running) return;
    this.stop = new Stopped(why);
    this.until = -Infinity;
    this.wake();
    await this.running.catch(() => {});
  }

  private pace: Pace = async () => {
    if (this.stop) throw this.stop;
    if (performance.now() < this.until) return;
    const next = new Promise<void>((r) => (this.parked = r));
    this.endTurn();
    await next;
    if (this.stop) throw this.stop;
  };

  private wake() {
    const p = this.parked;
    this.parked = null;
    p?.();
  }

  private endTurn() {
    const t = this.turnEnded;
    this.turnEnded = null;
    t?.();
  }
}
