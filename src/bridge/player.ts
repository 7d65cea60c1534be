// A recorded run played back in the worker's place: the page sends it the same messages (play,
// pause, step, reset) and receives the same messages back, one step's worth at a time, at the speed
// the student picks. Nothing trains; live settings cannot change a recording (the page goes live
// for that, client.ts).
import type { RecordingMeta, UiToWorker, WorkerToUi } from '../worker/protocol';
import { frameMessages, recordAt, recordingProblems, type Recording } from './recording';
import type { StepRecord } from '../engine/trainer';
import { readInflated } from '../worker/download';

/** playback speeds on offer, steps per second */
export const SPEEDS = [1, 2, 5, 10, 25, 50] as const;
/** a timer tick: faster speeds play several steps per tick, sent as one batch */
const TICK_MS = 100;

export class Player {
  onmessage: ((e: MessageEvent<WorkerToUi>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  private rec: Recording | null = null;
  private loading: Promise<Recording | null>;
  /** frames sent so far: the page has seen every step up to `at` */
  private at = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stepsPerSec: number;
  /** fractional steps owed to the clock between ticks */
  private owed = 0;
  private ended = false;

  constructor(
    url: string,
    private readonly onLoaded: (meta: RecordingMeta) => void,
    speed = 5,
    load?: (url: string) => Promise<unknown>,
  ) {
    this.stepsPerSec = speed;
    this.loading = (load ?? ((u: string) => this.fetchRecording(u)))(url).then(
      (raw) => {
        const problems = recordingProblems(raw);
        if (problems.length) throw new Error(`the recording ${url} is not usable: ${problems.join('; ')}`);
        return raw as Recording;
      },
    ).catch((e: unknown) => {
      this.emit({ type: 'error', kind: 'backend', step: 0, message: `No recording could be loaded (${String((e as Error).message ?? e)}).`, hint: 'Switch to live training.' });
      this.emit({ type: 'status', status: 'error', step: 0 });
      return null;
    });
  }

  /** The recording's file, gzipped as shipped (or inflated by the host), with its download told. */
  private async fetchRecording(url: string): Promise<unknown> {
    const r = await fetch(url);
    if (!r.ok || !r.body) throw new Error(`${url}: HTTP ${r.status}`);
    const total = Number(r.headers.get('content-length') ?? 0);
    const bytes = await readInflated(r.body, total, (done) => total && this.emit({ type: 'status', status: 'loading', step: 0, message: 'Loading the recorded run…', progress: { done, total } }));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  get speed(): number {
    return this.stepsPerSec;
  }

  setSpeed(stepsPerSec: number) {
    this.stepsPerSec = Math.max(0.1, stepsPerSec);
  }

  /** Messages are handled in order, as the worker does: a play sent right after init waits for the recording. */
  private queue: Promise<void> = Promise.resolve();
  postMessage(msg: UiToWorker) {
    this.queue = this.queue.then(() => this.handle(msg));
  }

  terminate() {
    this.stop();
    this.onmessage = null;
  }

  private emit(msg: WorkerToUi) {
    this.onmessage?.({ data: msg } as MessageEvent<WorkerToUi>);
  }

  private async handle(msg: UiToWorker) {
    switch (msg.type) {
      case 'init':
      case 'reset': {
        this.stop();
        this.emit({ type: 'status', status: 'loading', step: 0, message: 'Loading the recorded run…' });
        const rec = (this.rec = await this.loading);
        if (!rec) return;
        this.onLoaded({ lesson: rec.lesson, recordedOn: rec.recordedOn, backend: rec.backend, steps: rec.steps, commit: rec.commit });
        this.at = 0;
        this.ended = false;
        this.sendFrames(0, 0);
        this.emit({ type: 'status', status: 'idle', step: 0, message: `A recorded run of ${rec.steps} steps, at ${this.stepsPerSec} steps/s.` });
        return;
      }
      case 'play':
        if (!this.rec || this.timer) return;
        if (this.at >= this.rec.steps) return this.end();
        this.emit({ type: 'status', status: 'running', step: this.at });
        this.owed = 0;
        this.timer = setInterval(() => this.tick(), TICK_MS);
        return;
      case 'pause':
        if (!this.timer) return;
        this.stop();
        this.emit({ type: 'status', status: 'paused', step: this.at });
        return;
      case 'step':
        if (!this.rec || this.timer) return;
        this.advance(Math.max(1, Math.floor(msg.count) || 1));
        if (!this.ended) this.emit({ type: 'status', status: 'paused', step: this.at });
        return;
      default:
        // 'watch' and 'maskView': a recording holds every report it will ever have; 'set': the page goes live instead
        return;
    }
  }

  private tick() {
    this.owed += (this.stepsPerSec * TICK_MS) / 1000;
    const n = Math.floor(this.owed);
    this.owed -= n;
    if (n > 0) this.advance(n);
  }

  /** The next n steps: their records as one message, then every other message sent after them. */
  private advance(n: number) {
    const rec = this.rec!;
    const to = Math.min(rec.steps, this.at + n);
    if (to > this.at) this.sendFrames(this.at + 1, to);
    this.at = to;
    if (this.at >= rec.steps) this.end();
  }

  private sendFrames(from: number, to: number) {
    const rec = this.rec!;
    if (to >= 1) {
      const records: Record<string, StepRecord[]> = {};
      for (const run of rec.runs) {
        records[run.label] = [];
        for (let k = Math.max(1, from); k <= to; k++) {
          const r = recordAt(rec.records[run.label], k - 1);
          if (r) records[run.label].push(r);
        }
      }
      this.emit({ type: 'steps', records, stepsPerSec: this.timer ? this.stepsPerSec : 0 });
    }
    for (let k = from; k <= to; k++) for (const m of frameMessages(rec, k)) this.emit(m);
  }

  private end() {
    const rec = this.rec!;
    this.stop();
    this.ended = true;
    this.emit({ type: 'status', status: 'paused', step: this.at, message: `End of the recorded run (step ${rec.steps}). Switch to live to train on.` });
  }

  private stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
