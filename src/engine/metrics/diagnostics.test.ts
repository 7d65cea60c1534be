import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../scripts/node-env';
import { checkReference } from '../../../scripts/lib/reference';
import { mulberry32, normal } from '../rng';
import { alignment, l2NormalizeRows, meanPairwiseCosine, normalizedStd, rankMe, singularValues, uniformity } from './diagnostics';

describe('collapse diagnostics', () => {
  it('a collapsed set: uniformity 0, std 0, RankMe 1, alignment 0', () => {
    const n = 20;
    const d = 8;
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) x[i * d + 3] = 1;
    expect(uniformity(x, n, d)).toBeCloseTo(0, 12);
    expect(normalizedStd(x, n, d)).toBeCloseTo(0, 12);
    expect(rankMe(x, n, d)).toBeCloseTo(1, 4);
    expect(alignment(x, x, n, d)).toBe(0);
  });

  it('a spread-out set: std ≈ 1/√d and RankMe near d', () => {
    const rng = mulberry32(3);
    const n = 4000;
    const d = 16;
    const x = Float64Array.from({ length: n * d }, () => normal(rng));
    expect(normalizedStd(x, n, d)).toBeGreaterThan(0.9 / Math.sqrt(d));
    expect(rankMe(x, n, d)).toBeGreaterThan(0.95 * d);
    expect(uniformity(l2NormalizeRows(x.subarray(0, 500 * d), 500, d), 500, d)).toBeLessThan(-2);
  });

  it('singular values of a known matrix', () => {
    // rows (3,0), (0,4): singular values 4 and 3
    expect(Array.from(singularValues(Float64Array.from([3, 0, 0, 4]), 2, 2)).map((v) => +v.toFixed(10))).toEqual([4, 3]);
  });
});

describe('reference vectors (float64, independent numpy implementation)', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });
  it('every value of every entry passes (only the informational iBOT mask count is skipped)', async () => {
    const json = JSON.parse(readFileSync(new URL('../__fixtures__/vectors-seed1.json', import.meta.url), 'utf8'));
    const lines = await checkReference(json);
    expect(lines.filter((l) => l.status === 'FAIL')).toEqual([]);
    expect(lines.filter((l) => l.status === 'skip').map((l) => l.key)).toEqual(['ibot.example_block_mask_14x14_ratio0.3_count']);
    const passed = lines.filter((l) => l.status === 'pass').map((l) => l.key);
    for (const entry of Object.keys(json).filter((k) => k !== 'meta')) {
      for (const key of Object.keys(json[entry].expected)) if (!key.startsWith('example_')) expect(passed).toContain(`${entry}.${key}`);
    }
  });

  it('a wrong value is reported as FAIL (the checker can fail)', async () => {
    const json = JSON.parse(readFileSync(new URL('../__fixtures__/vectors-seed1.json', import.meta.url), 'utf8'));
    json.nt_xent.expected.paper_mean_over_2N *= 1.001;
    const lines = await checkReference({ nt_xent: json.nt_xent });
    expect(lines.find((l) => l.key === 'nt_xent.paper_mean_over_2N')!.status).toBe('FAIL');
  });
});

describe('mean pairwise cosine', () => {
  it('equals the naive mean over pairs i < j, is 1 for identical directions and ≈ 0 for random ones', () => {
    const rng = mulberry32(4);
    const n = 30;
    const d = 7;
    const z = Float64Array.from({ length: n * d }, () => normal(rng));
    const zn = l2NormalizeRows(z, n, d);
    let naive = 0;
    for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) for (let j = 0; j < d; j++) naive += zn[i * d + j] * zn[k * d + j];
    expect(meanPairwiseCosine(z, n, d)).toBeCloseTo(naive / ((n * (n - 1)) / 2), 12);
    const same = Float64Array.from({ length: n * d }, (_, i) => (i % d) + 1 + 0 * (i / d));
    expect(meanPairwiseCosine(same, n, d)).toBeCloseTo(1, 12);
    expect(Math.abs(meanPairwiseCosine(Float64Array.from({ length: 2000 * 64 }, () => normal(rng)), 2000, 64))).toBeLessThan(0.01);
  });
});
