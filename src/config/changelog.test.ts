import { describe, expect, it } from 'vitest';
import { decodeLog, describeChanges, encodeLog, MAX_CHANGES, type Change } from './changelog';
import { defaultConfig } from './schema';

const twoTaus: Change[] = [
  { step: 120, param: 'temperature', value: 0.5 },
  { step: 165, param: 'temperature', value: 0.2 },
];

describe('the change log in a shared link', () => {
  it('writes steps as gaps in base 36 and a repeated parameter once', () => {
    const log = encodeLog([...twoTaus, { step: 165, param: 'lr', value: 0.0003 }, { step: 200, param: 'blur', value: true }]);
    // 120 = 3c in base 36, 45 = 19; lr at the same step (gap 0)
    expect(log.split('_').slice(1)).toEqual(['3c*temperature*0.5', '19**0.2', '0*lr*0.0003', 'z*blur*1']);
    expect(new URLSearchParams({ log }).toString()).toBe(`log=${log}`); // nothing to escape
  });

  it('round-trips any log of live changes', () => {
    const changes: Change[] = [
      ...twoTaus,
      { step: 165, param: 'lr', value: 1e-5 },
      { step: 300, param: 'blur', value: false },
      { step: 4000, param: 'steps', value: 5000 },
      { step: 4000, param: 'weightDecay', value: 0 },
    ];
    expect(decodeLog(encodeLog(changes))).toEqual({ changes });
  });

  it('keeps 50 changes of one slider under 500 characters, and of several parameters under 1,200', () => {
    const one = Array.from({ length: 50 }, (_, i) => ({ step: 10 + 7 * i, param: 'temperature' as const, value: [0.05, 0.1, 0.2, 0.5, 1][i % 5] }));
    expect(encodeLog(one).length).toBeLessThan(500);
    const names = ['temperature', 'lr', 'weightDecay', 'warmupSteps', 'steps'] as const;
    const values = { temperature: 0.35, lr: 0.0025, weightDecay: 0.0001, warmupSteps: 20, steps: 1200 };
    const mixed = Array.from({ length: 50 }, (_, i) => ({ step: 10 + 31 * i, param: names[i % 5], value: values[names[i % 5]] }));
    expect(encodeLog(mixed).length).toBeLessThan(1200);
    expect(decodeLog(encodeLog(mixed))).toEqual({ changes: mixed });
  });

  it('refuses a log that was edited, cut short or is not a log, saying why', () => {
    const log = encodeLog(twoTaus);
    const refused = (raw: string) => {
      const r = decodeLog(raw);
      expect(r).toHaveProperty('error');
      return (r as { error: string }).error;
    };
    expect(refused(log.replace('0.5', '0.9'))).toMatch(/check/);
    expect(refused(log.slice(0, -3))).toMatch(/check/);
    expect(refused('')).toMatch(/no entries/);
    expect(refused('garbage')).toMatch(/no entries/);
    expect(refused('_3c*temperature*0.5')).toMatch(/no entries/);
  });

  it('refuses what no run can replay even when the check matches: unknown or reset-only parameters, values out of range, steps going back', () => {
    // encodeLog writes whatever it is given, so these logs carry a right check and a wrong content
    const bad: [Change[], RegExp][] = [
      [[{ step: 1, param: 'tau' as never, value: 0.5 }], /not a parameter/],
      [[{ step: 1, param: 'batchSize', value: 64 }], /cannot change during a run/],
      [[{ step: 1, param: 'temperature', value: 99 }], /must lie in/],
      [[{ step: 1, param: 'temperature', value: 'abc' }], /not a number/],
      [[{ step: 9, param: 'lr', value: 0.001 }, { step: 5, param: 'lr', value: 0.002 }], /not step\*parameter\*value/],
      [[{ step: 200000, param: 'lr', value: 0.001 }], /past any step budget/],
    ];
    for (const [changes, why] of bad) expect((decodeLog(encodeLog(changes)) as { error: string }).error, JSON.stringify(changes)).toMatch(why);
  });

  it(`refuses more than ${MAX_CHANGES} changes`, () => {
    const many = Array.from({ length: MAX_CHANGES + 1 }, (_, i) => ({ step: i + 1, param: 'lr' as const, value: 0.001 }));
    expect(decodeLog(encodeLog(many))).toEqual({ error: `it has more than ${MAX_CHANGES} changes` });
  });

  it('reads as a student would say it, from the settings the run started with', () => {
    const start = { ...defaultConfig(), temperature: 0.1 };
    expect(describeChanges(start, [...twoTaus, { step: 200, param: 'blur', value: true }])).toEqual([
      'Temperature τ 0.1 → 0.5 at step 120',
      'Temperature τ 0.5 → 0.2 at step 165',
      'Gaussian blur off → on at step 200',
    ]);
  });
});
