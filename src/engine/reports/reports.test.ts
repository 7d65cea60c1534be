import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../scripts/node-env';
import { small, tinyData } from '../__fixtures__/tiny';
import { bestDiscPrior } from '../metrics/attention';
import { Trainer } from '../trainer';
import type { RunMemo } from './context';
import { teacherReport } from './distill';
import { probes } from './probes';
import { memoryReport, viewsPreview } from './run';
import { attentionMaps } from './vit';

describe('reports', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('reports the ViT backbone’s CLS→patch attention on held-out images, scored against their masks; nothing for the CNN', async () => {
    const data = tinyData();
    const start = tf.memory().numTensors;
    for (const method of ['simclr', 'dino'] as const) {
      const tr = new Trainer(method, small({ backbone: 'vit', vitWidth: 16, vitDepth: 1, vitHeads: 2, prototypes: 32, localCrops: 0 }), data);
      const a = (await attentionMaps(tr, 5))!;
      expect(a).not.toBeNull();
      expect([a.n, a.heads, a.grid]).toEqual([5, 2, 8]);
      expect(a.maps.length).toBe(5 * 2 * 64);
      for (let m = 0; m < 10; m++) {
        const map = a.maps.subarray(m * 64, (m + 1) * 64);
        expect(Math.min(...map)).toBeGreaterThanOrEqual(0);
        // CLS→patch: the CLS token's own share is left out, so a map sums to at most 1
        expect(map.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(1 + 1e-5);
      }
      expect(a.jaccard).toHaveLength(2);
      for (const j of a.jaccard!) expect(j).toBeGreaterThanOrEqual(0), expect(j).toBeLessThanOrEqual(1);
      expect(a.rgba.length).toBe(5 * 32 * 32 * 4);
      expect(a.rgba[3]).toBe(255);
      tr.dispose();
    }
    const cnn = new Trainer('simclr', small(), data);
    expect(await attentionMaps(cnn, 5)).toBeNull();
    cnn.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('scores the untrained attention once, at step 0, and the centred disc on the same images', async () => {
    const data = tinyData();
    const tr = new Trainer('dino', small({ backbone: 'vit', vitWidth: 16, vitDepth: 1, vitHeads: 2, prototypes: 32, localCrops: 0 }), data);
    const memo: RunMemo = {}; // the run's: its step-0 score and disc prior live here
    const a0 = (await attentionMaps(tr, 3, 40, memo))!;
    expect(a0.scored).toBe(40);
    expect(a0.maps.length).toBe(3 * 2 * 64);
    expect(a0.jaccardAtInit).toEqual(a0.jaccard);
    expect(a0.discPrior).toBeCloseTo(bestDiscPrior(data.test.masks!.subarray(0, 40 * 1024), 40).jaccard, 10);
    for (let i = 0; i < 3; i++) await tr.trainStep();
    const a3 = (await attentionMaps(tr, 3, 40, memo))!;
    expect(a3.jaccardAtInit).toEqual(a0.jaccard);
    expect(a3.jaccard).not.toEqual(a0.jaccard);
    // scored on other images, the step-0 score does not apply
    expect((await attentionMaps(tr, 3, 20, memo))!.jaccardAtInit).toBeNull();
    tr.dispose();
  });

  it("reports the teacher's distributions without touching training, and they follow the teacher temperature", async () => {
    const data = tinyData();
    const cfg = small({ prototypes: 64, localCrops: 1, batchNorm: true });
    const quiet = new Trainer('dino', cfg, data);
    const watched = new Trainer('dino', cfg, data);
    for (let i = 0; i < 3; i++) {
      const r = (await teacherReport(watched, 30))!;
      expect(r.k).toBe(64);
      expect(r.mean.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 4);
      expect(r.sortedPerImage.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 4);
      for (let j = 1; j < r.k; j++) expect(r.mean[j]).toBeLessThanOrEqual(r.mean[j - 1]);
      // the entropy of a mean is at least the mean of the entropies (concavity), and at most log K
      expect(r.entropyOfMean).toBeGreaterThanOrEqual(r.meanEntropy - 1e-6);
      expect(r.entropyOfMean).toBeLessThanOrEqual(Math.log(64) + 1e-6);
      expect((await watched.trainStep()).loss).toBe((await quiet.trainStep()).loss);
    }
    const at = async (teacherTemp: number) => {
      const t = new Trainer('dino', { ...cfg, teacherTemp, teacherTempStart: teacherTemp }, data);
      const r = (await teacherReport(t, 30))!;
      t.dispose();
      return r;
    };
    const flat = await at(1);
    const sharp = await at(0.01);
    expect(flat.meanEntropy).toBeGreaterThan(0.98 * Math.log(64));
    expect(sharp.meanEntropy).toBeLessThan(flat.meanEntropy - 1);
    expect(sharp.sortedPerImage[0]).toBeGreaterThan(flat.sortedPerImage[0]);
    expect(await teacherReport(new Trainer('simclr', small(), data), 10)).toBeNull();
    quiet.dispose();
    watched.dispose();
  });

  it("shows a multi-crop method's local crops in the preview, crop-major, 16×16", async () => {
    const tr = new Trainer('dino', small({ prototypes: 32, localCrops: 2 }), tinyData());
    const { rgba, locals } = await viewsPreview(tr, 3, () => 0.5);
    expect(rgba.length).toBe(3 * 3 * 32 * 32 * 4);
    expect(locals!.count).toBe(2);
    expect(locals!.rgba.length).toBe(2 * 3 * 16 * 16 * 4);
    expect((await viewsPreview(new Trainer('simclr', small(), tinyData()), 3, () => 0.5)).locals).toBeUndefined();
    tr.dispose();
  });

  it('probes h and z (class and quarter turn) without leaking tensors, and scores an untrained CNN above chance on the class', async () => {
    const data = tinyData();
    const tr = new Trainer('simclr', small(), data);
    const before = tf.memory().numTensors;
    const p = await probes(tr, { train: 200, test: 60, rotation: 60 });
    expect(tf.memory().numTensors).toBe(before);
    for (const v of [p.knnH, p.knnZ, p.linearH, p.linearZ, p.rotationH, p.rotationZ]) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(1);
    // ten shape classes: chance is 10%; the pixels of a random CNN already carry the shape
    expect(p.linearH).toBeGreaterThan(0.2);
    // the same frozen model and data give the same probe results (fixed turns, zero-initialised fits)
    expect(await probes(tr, { train: 200, test: 60, rotation: 60 })).toEqual(p);
    tr.dispose();
  });

  it("reports MoCo's queue as its state, exactly K × d floats, and a step's peak above what was held", async () => {
    const tr = new Trainer('moco', small({ queueSize: 64, embedDim: 16 }), tinyData());
    await tr.trainStep();
    const held = tf.memory().numTensors;
    const { memory, record } = await memoryReport(tr);
    expect(memory.stateBytes).toBe(64 * 16 * 4);
    expect(memory.modelBytes).toBeGreaterThan(0);
    expect(memory.stepPeakBytes).toBeGreaterThan(0);
    expect(record.step).toBe(2);
    expect(tf.memory().numTensors).toBe(held);
    const simclrRun = new Trainer('simclr', small({ embedDim: 16 }), tinyData());
    expect((await memoryReport(simclrRun)).memory.stateBytes).toBe(0);
    simclrRun.dispose();
    tr.dispose();
  });
});
