import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend, nodeBytes } from '../../scripts/node-env';
import { defaultConfig, type Config } from '../config/schema';
import { buildRuns } from './runs';

const config: Config = { ...defaultConfig(), dataset: 'shapes', batchSize: 8, embedDim: 16 };
const specs = [
  { label: 'a', patch: {} },
  { label: 'b', patch: { temperature: 0.5 } },
];
const quiet = () => {};

describe('buildRuns (a page’s runs)', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('builds only the first model before step 1; the others when first asked for', async () => {
    const before = tf.memory().numTensors;
    const runs = await buildRuns(specs, 'simclr', config, nodeBytes, quiet);
    const withFirst = tf.memory().numTensors;
    expect(withFirst).toBeGreaterThan(before);
    expect(runs.map((r) => r.step)).toEqual([0, 0]);
    void runs[1].trainer;
    // the second model is as large as the first (same method and sizes)
    expect(tf.memory().numTensors - withFirst).toBe(withFirst - before);
    runs.forEach((r) => r.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives a run built after another has trained the same losses as one built first', async () => {
    const lazy = await buildRuns(specs, 'simclr', config, nodeBytes, quiet);
    await lazy[0].trainer.trainStep();
    await lazy[0].trainer.trainStep();
    const late = [(await lazy[1].trainer.trainStep()).loss, (await lazy[1].trainer.trainStep()).loss];
    lazy.forEach((r) => r.dispose());
    const alone = await buildRuns([specs[1]], 'simclr', config, nodeBytes, quiet);
    const first = [(await alone[0].trainer.trainStep()).loss, (await alone[0].trainer.trainStep()).loss];
    alone.forEach((r) => r.dispose());
    expect(late).toEqual(first);
    expect(Number.isFinite(late[0])).toBe(true);
  });
});
