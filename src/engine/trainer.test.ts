import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../scripts/node-env';
import { small, tinyData } from './__fixtures__/tiny';
import { simclr } from './methods/simclr';
import { embedding2d, evaluate } from './reports/evaluation';
import { viewsPreview } from './reports/run';
import { NonFiniteLossError, Trainer } from './trainer';


describe('Trainer', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('holds numTensors identical after every one of 50 steps on wasm, and frees everything on dispose', async () => {
    const start = tf.memory().numTensors;
    const tr = new Trainer('simclr', small({ batchNorm: true }), tinyData());
    await tr.trainStep(); // the optimiser allocates its moments on the first step
    const after = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      await tr.trainStep();
      expect(tf.memory().numTensors).toBe(after);
    }
    await evaluate(tr, { train: 100, test: 40, geometry: 30 });
    await embedding2d(tr, 40);
    await viewsPreview(tr, 3, () => 0.5);
    expect(tf.memory().numTensors).toBe(after);
    tr.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('is reproducible: the same seed gives the same losses, another seed different ones', async () => {
    const run = async (seed: number) => {
      const tr = new Trainer('simclr', small({ seed }), tinyData());
      const losses = [];
      for (let i = 0; i < 3; i++) losses.push((await tr.trainStep()).loss);
      tr.dispose();
      return losses;
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('lowers the loss on a fixed small problem', async () => {
    const tr = new Trainer('simclr', small({ lr: 3e-3, warmupSteps: 0, crop: false, colorJitter: false, grayscale: false, blur: false }), tinyData());
    const first = (await tr.trainStep()).loss;
    let last = first;
    for (let i = 0; i < 30; i++) last = (await tr.trainStep()).loss;
    expect(last).toBeLessThan(first - 0.3);
    tr.dispose();
  });

  it('a non-finite loss throws NonFiniteLossError and leaves the weights and the step untouched', async () => {
    const tr = new Trainer('simclr', small(), tinyData());
    await tr.trainStep();
    const vars = simclr.trainable((tr as unknown as { model: never }).model);
    const before = await Promise.all(vars.map((v) => v.data()));
    (tr as unknown as { method: typeof simclr }).method = {
      ...simclr,
      loss: (m, s, v, c) => {
        const out = simclr.loss(m, s, v, c);
        return { ...out, loss: tf.div(out.loss, 0) as tf.Scalar };
      },
    };
    await expect(tr.trainStep()).rejects.toBeInstanceOf(NonFiniteLossError);
    expect(tr.step).toBe(1);
    const after = await Promise.all(vars.map((v) => v.data()));
    after.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(before[i])));
    tr.dispose();
  });

  it('applies live parameters at once and refuses ones that need a new model', () => {
    const tr = new Trainer('simclr', small(), tinyData());
    expect(tr.setParams({ temperature: 0.7, lr: 0.01, batchSize: 32 })).toEqual(['batchSize']);
    expect(tr.config.temperature).toBe(0.7);
    expect(tr.config.lr).toBe(0.01);
    expect(tr.config.batchSize).toBe(16);
    tr.dispose();
  });
});
