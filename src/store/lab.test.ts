// The store's one path for reports: most replace the last of their kind, a few merge.
import { beforeEach, describe, expect, it } from 'vitest';
import type { WorkerToUi } from '../worker/protocol';
import { clearRun, receive, useLab } from './lab';

const run = (label = 'main') => useLab.getState().runs[label];
const spreadMsg = (step: number, meanNN: number): WorkerToUi => ({ type: 'spread', run: 'main', step, n: 2, nn: new Float32Array([meanNN, meanNN]), meanNN, koleo: 1, uniformity: -1 });

describe('store: receiving reports', () => {
  beforeEach(() => clearRun(['main', 'b']));

  it('replaces a plain report with the newest, under its table name, with its step', () => {
    receive(spreadMsg(5, 0.2));
    receive(spreadMsg(10, 0.3));
    expect(run().spread).toMatchObject({ step: 10, meanNN: 0.3 });
    expect(run('b').spread).toBeUndefined(); // another run is untouched
    expect(run()).not.toHaveProperty('type');
    expect(run()).not.toHaveProperty('run');
  });

  it('ignores a report for a run the page does not have', () => {
    receive({ ...spreadMsg(5, 0.2), run: 'gone' } as WorkerToUi);
    expect(useLab.getState().runs.gone).toBeUndefined();
    expect(Object.keys(useLab.getState().runs)).toEqual(['main', 'b']);
  });

  it('merges the reports that keep a history, a peak or a baseline', () => {
    const ev = (step: number, knn: number, initial: boolean): WorkerToUi => ({ type: 'eval', run: 'main', step, initial, record: { step, knn, alignment: 0, uniformity: 0, std: 0, rankme: 1 } });
    receive(ev(0, 0.5, true));
    receive(ev(100, 0.7, false));
    receive(ev(100, 0.75, false)); // the same step again replaces, never duplicates
    expect(run().evals.map((e) => [e.step, e.knn])).toEqual([[0, 0.5], [100, 0.75]]);
    expect(run().knnRandomInit).toBe(0.5);

    const mem = (step: number, stepPeakBytes: number): WorkerToUi => ({ type: 'runMemory', run: 'main', step, modelBytes: 1, stateBytes: 0, stepPeakBytes, stepMs: 1 });
    receive(mem(10, 900));
    receive(mem(20, 400));
    expect(run().memory).toMatchObject({ step: 20, stepPeakBytes: 400 });
    expect(run().peakBytes).toBe(900);

    const att = (step: number, jaccardAtInit: number[] | null): WorkerToUi => ({
      type: 'attention', run: 'main', step, n: 0, heads: 1, grid: 8, maps: new Float32Array(), jaccard: [0.4], scored: 10, discPrior: 0.3, jaccardAtInit, rgba: new Uint8ClampedArray(),
    });
    receive(att(0, [0.2]));
    receive(att(50, null)); // scored on other images: the step-0 score still stands
    expect(run().jaccardAtInit).toEqual([0.2]);
    expect(run().attention?.step).toBe(50);
  });

  it('keeps the augmentation preview for the page, not for a run', () => {
    receive({ type: 'views', run: 'main', step: 3, k: 1, rgba: new Uint8ClampedArray(12) });
    expect(useLab.getState().views).toMatchObject({ step: 3, k: 1 });
    expect(run()).not.toHaveProperty('views');
  });
});
