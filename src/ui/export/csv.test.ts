import { describe, expect, it } from 'vitest';
import { seriesCsv } from './csv';

describe("a chart's series as CSV", () => {
  it('one row per step and one column per series, blanks where a series has no point, values unrounded', () => {
    const csv = seriesCsv([
      { name: 'temperature=0.05', points: [{ step: 1, value: 4.123456789 }, { step: 2, value: 4.1 }] },
      { name: 'a "quoted", name', points: [{ step: 2, value: 0.5 }, { step: 3, value: 1e-7 }] },
    ]);
    expect(csv).toBe('step,temperature=0.05,"a ""quoted"", name"\n1,4.123456789,\n2,4.1,0.5\n3,,1e-7\n');
  });
  it('an empty chart is its header', () => {
    expect(seriesCsv([{ name: 'loss', points: [] }])).toBe('step,loss\n');
  });
});
