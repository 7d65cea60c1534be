import { describe, expect, it } from 'vitest';
import { frameMessages, pack, recordAt, recordingProblems, shareBlobs, unpack, RECORDING_FORMAT, type Recording } from './recording';

const roundTrip = (v: unknown) => unpack(JSON.parse(JSON.stringify(pack(v))));

describe('a recording’s packing of messages', () => {
  it('keeps integer and byte arrays exact, and NaN and ±∞ as they were', () => {
    const ints = Int32Array.from([0, -7, 2 ** 30, 5]);
    const bytes = Uint8Array.from([0, 255, 17]);
    const out = roundTrip({ ints, bytes, nan: NaN, inf: -Infinity, label: 'a', n: 12 }) as Record<string, unknown>;
    expect(out.ints).toBeInstanceOf(Int32Array);
    expect([...(out.ints as Int32Array)]).toEqual([0, -7, 2 ** 30, 5]);
    expect([...(out.bytes as Uint8Array)]).toEqual([0, 255, 17]);
    expect(out.nan).toBeNaN();
    expect(out.inf).toBe(-Infinity);
    expect(out.label).toBe('a');
    expect(out.n).toBe(12);
  });

  it('keeps numbers to 5 significant digits', () => {
    expect(roundTrip({ loss: 4.123456789, tiny: 0.000123456789 })).toEqual({ loss: 4.1235, tiny: 0.00012346 });
  });

  it('quantises a float array to within half a step of 254 between its extremes, non-finite values kept', () => {
    const a = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3 + 1);
    a[10] = NaN;
    const b = roundTrip(a) as Float32Array;
    expect(b).toBeInstanceOf(Float32Array);
    expect(b.length).toBe(1000);
    expect(b[10]).toBeNaN();
    const step = 6 / 254;
    for (let i = 0; i < a.length; i++) if (i !== 10) expect(Math.abs(b[i] - a[i])).toBeLessThanOrEqual(step * 0.51 + 1e-6);
    // a constant array (no spread) comes back as that constant
    expect([...(roundTrip(new Float32Array([0.25, 0.25])) as Float32Array)]).toEqual([0.25, 0.25]);
  });

  it('reads a step record back from its columns', () => {
    const cols = { keys: ['step', 'loss'], rows: [[1, pack(2.5)], [2, pack(NaN)]] };
    expect(recordAt(cols, 0)).toEqual({ step: 1, loss: 2.5 });
    expect(recordAt(cols, 1)!.loss).toBeNaN();
    expect(recordAt(cols, 2)).toBeNull();
  });

  it('names what is wrong with a file that is not a recording', () => {
    expect(recordingProblems(null)).toEqual(['not a JSON object']);
    const good = { format: RECORDING_FORMAT, frames: [[], []], runs: [{ label: 'main', patch: {} }], records: { main: { keys: [], rows: [] } }, steps: 1, recordedOn: '2026-12-07', blobs: [] };
    expect(recordingProblems(good)).toEqual([]);
    expect(recordingProblems({ ...good, format: 'x' })[0]).toMatch(/format/);
    expect(recordingProblems({ ...good, frames: [[]] })).toEqual(['1 frames for 1 steps (one per step, and one before)']);
    expect(recordingProblems({ ...good, records: {} })).toEqual(['run main has no step records']);
    expect(recordingProblems({ ...good, recordedOn: 'yesterday' })).toEqual(['recordedOn is not a date']);
  });

  it('keeps an array that several messages carry once, and gives each message its own copy back', () => {
    const images = Uint8ClampedArray.from({ length: 4000 }, (_, i) => i % 251);
    const blobs: unknown[] = [];
    const index = new Map<string, number>();
    const a = shareBlobs(pack({ type: 'attention', step: 3, rgba: images, maps: new Float32Array([0.5, 1]) }), blobs, index);
    const b = shareBlobs(pack({ type: 'attention', step: 9, rgba: images, maps: new Float32Array([0.25, 1]) }), blobs, index);
    expect(blobs.length).toBe(1); // the images; the small maps stay inline
    expect(JSON.stringify(a)).toContain('"$ref":0');
    const rec = { frames: [[a, b]], blobs: JSON.parse(JSON.stringify(blobs)) } as unknown as Recording;
    const [ma, mb] = frameMessages(rec, 0) as unknown as { rgba: Uint8ClampedArray; maps: Float32Array }[];
    expect([...ma.rgba]).toEqual([...images]);
    expect(mb.rgba).not.toBe(ma.rgba);
    expect([...mb.maps]).toEqual([0.25, 1]);
  });
});
