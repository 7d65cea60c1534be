import { describe, expect, it } from 'vitest';
import { attentionJaccard, attentionMask, bestDiscPrior, discMask, jaccard, upsampleMask } from './attention';

describe('attention masks and Jaccard (the DINO paper’s protocol)', () => {
  it('keeps the patches holding the top 60% of the mass, as DINO’s sort–cumsum threshold does', () => {
    // one patch with 70% of the mass: it alone is kept
    const peaked = new Float64Array(64).fill(0.3 / 63);
    peaked[10] = 0.7;
    expect(Array.from(attentionMask(peaked)).reduce((a, b) => a + b, 0)).toBe(1);
    expect(attentionMask(peaked)[10]).toBe(1);
    // uniform: cumulative k/64 > 0.4 from the 26th patch on, so 39 patches are kept
    expect(Array.from(attentionMask(new Float64Array(64).fill(1))).reduce((a, b) => a + b, 0)).toBe(39);
    // against a naive version on a random map: keep i iff the mass of patches no larger than it (ties by order) exceeds 0.4
    const att = Float64Array.from({ length: 64 }, (_, i) => ((i * 37) % 64) + 1);
    const total = att.reduce((a, b) => a + b, 0);
    const naive = Array.from(att, (v) => (att.filter((w) => w <= v).reduce((a, b) => a + b, 0) / total > 0.4 ? 1 : 0));
    expect(Array.from(attentionMask(att))).toEqual(naive);
  });

  it('upsamples patch (r, c) to its 4×4 block of pixels and scores overlap', () => {
    const m = new Uint8Array(64);
    m[1 * 8 + 2] = 1;
    const px = upsampleMask(m, 8, 32);
    expect(px.reduce((a, b) => a + b, 0)).toBe(16);
    expect(px[4 * 32 + 8]).toBe(1);
    expect(px[7 * 32 + 11]).toBe(1);
    expect(px[8 * 32 + 8]).toBe(0);
    expect(jaccard([1, 1, 0, 0], [1, 0, 1, 0])).toBeCloseTo(1 / 3, 12);
    expect(jaccard([0, 0], [0, 0])).toBe(1);
    // a map peaked on exactly the object's patch scores 1
    const coverage = new Uint8Array(1024);
    for (let y = 4; y < 8; y++) for (let x = 8; x < 12; x++) coverage[y * 32 + x] = 255;
    const att = new Float64Array(64).fill(0.001);
    att[1 * 8 + 2] = 1;
    expect(attentionJaccard(att, 8, coverage)).toBe(1);
  });

  it('finds the centred disc that fits a set of centred round objects', () => {
    const n = 5;
    const masks = new Uint8Array(n * 1024);
    for (let i = 0; i < n; i++) masks.set(Array.from(discMask(6, 32), (v) => v * 255), i * 1024);
    const best = bestDiscPrior(masks, n);
    expect(best.radius).toBe(6);
    expect(best.jaccard).toBe(1);
  });
});
