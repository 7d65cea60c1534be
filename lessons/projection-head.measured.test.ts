// The projection-head lesson's table equals its run file, and the sentences it says of it hold.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../src/config/url';
import { PROBE_FILE, PROBES_MEASURED } from './projection-head.measured';
import { expectSameSettings } from './settings';

const f = JSON.parse(readFileSync(join(__dirname, '..', PROBE_FILE), 'utf8'));

describe('projection-head lesson: measured probes', () => {
  it('equals the run file, made with the default SimCLR preset over 300 steps and the full probe sizes', () => {
    const preset = presetConfig('simclr', null);
    expectSameSettings(f.config, preset, 'simclr');
    expect(f.steps).toBe(300);
    for (const when of ['initial', 'final'] as const) {
      expect(f.probes[when].sizes).toEqual({ train: 8000, test: 2000, rotation: 2000 });
      for (const [k, v] of Object.entries(PROBES_MEASURED[when])) expect(v, `${when} ${k}`).toBeCloseTo(f.probes[when][k], 4);
    }
  });

  it('says of them what they show', () => {
    const { initial: a, final: b } = PROBES_MEASURED;
    const pts = (v: number) => +(v * 100).toFixed(1);
    // the prose's figures, as the table prints them
    expect([b.linearH, b.linearZ, b.knnH, b.knnZ, a.rotationH, a.rotationZ, b.rotationH, b.rotationZ].map((v) => (v * 100).toFixed(1))).toEqual(['91.1', '84.3', '88.8', '79.0', '64.7', '63.5', '71.1', '65.2']);
    // h ahead of z after training, by 6.9 (linear) and 9.8 (kNN) points
    expect(pts(b.linearH - b.linearZ)).toBe(6.9);
    expect(pts(b.knnH - b.knnZ)).toBe(9.8);
    // untrained, z already 9.1 behind; training lifts z more than h (+11.3 vs +9.1)
    expect(pts(a.linearH - a.linearZ)).toBe(9.1);
    expect(pts(b.linearZ - a.linearZ)).toBe(11.3);
    expect(pts(b.linearH - a.linearH)).toBe(9.1);
    // the quarter turn: about equal untrained; h gains, z barely moves
    expect(Math.abs(a.rotationH - a.rotationZ)).toBeLessThan(0.02);
    expect(b.rotationH - a.rotationH).toBeGreaterThan(0.05);
    expect(b.rotationZ - a.rotationZ).toBeLessThan(0.03);
    expect(b.rotationH - b.rotationZ).toBeGreaterThan(0.05);
  });
});
