import { describe, expect, it } from 'vitest';
import { METHODS } from './methods';
import { SCHEMA, coerce, defaultConfig, needsReset } from './schema';
import { MAX_SWEEP, parseExperiment, presetConfig, runSpecs, serializeExperiment, type LessonMeta } from './url';

const LESSONS: LessonMeta[] = [{ id: 'simclr', title: 'SimCLR', method: 'simclr', preset: { temperature: 0.2 } }];

describe('URL = experiment', () => {
  it('starts from the lesson preset and reads every schema parameter', () => {
    const { experiment, notices } = parseExperiment('?lesson=simclr&batchSize=64&flip=0&autorun=1&backend=wasm', LESSONS);
    expect(notices).toEqual([]);
    expect(experiment.config.temperature).toBe(0.2);
    expect(experiment.config.batchSize).toBe(64);
    expect(experiment.config.flip).toBe(false);
    expect(experiment.autorun).toBe(true);
    expect(experiment.backend).toBe('wasm');
  });

  it('clamps out-of-range values and says so', () => {
    const { experiment, notices } = parseExperiment('?lesson=simclr&temperature=50&batchSize=3', LESSONS);
    expect(experiment.config.temperature).toBe(SCHEMA.temperature.max);
    expect(experiment.config.batchSize).toBe(SCHEMA.batchSize.min);
    expect(notices.map((n) => n.param).sort()).toEqual(['batchSize', 'temperature']);
    expect(notices.find((n) => n.param === 'temperature')!.message).toContain(String(SCHEMA.temperature.max));
  });

  it('replaces malformed values by the preset and names them', () => {
    const { experiment, notices } = parseExperiment('?lesson=simclr&lr=fast&dataset=cifar&crop=maybe&backend=tpu&bogus=1&method=nope', LESSONS);
    expect(experiment.config.lr).toBe(presetConfig('simclr', LESSONS[0]).lr);
    expect(experiment.config.dataset).toBe('mnist');
    expect(experiment.config.crop).toBe(true);
    expect(experiment.backend).toBe('auto');
    expect(experiment.method).toBe('simclr');
    expect(notices.map((n) => n.param).sort()).toEqual(['backend', 'bogus', 'crop', 'dataset', 'lr', 'method']);
  });

  it('threads=N asks wasm for N threads; a value outside 1–8 is clamped and named, a word falls back to one per core', () => {
    expect(parseExperiment('?lesson=simclr&threads=2', LESSONS).experiment.threads).toBe(2);
    expect(parseExperiment('?lesson=simclr', LESSONS).experiment.threads).toBeNull();
    const big = parseExperiment('?lesson=simclr&threads=64', LESSONS);
    expect(big.experiment.threads).toBe(8);
    expect(big.notices).toEqual([expect.objectContaining({ param: 'threads', message: expect.stringContaining('using 8') })]);
    const word = parseExperiment('?lesson=simclr&threads=many', LESSONS);
    expect(word.experiment.threads).toBeNull();
    expect(word.notices[0].message).toContain('one per core');
    expect(parseExperiment(serializeExperiment(parseExperiment('?lesson=simclr&threads=1', LESSONS).experiment, LESSONS), LESSONS).experiment.threads).toBe(1);
  });

  it('opens every method of the lecture by URL, with its preset', () => {
    for (const id of ['moco', 'simclr', 'byol', 'simsiam', 'dino', 'ibot', 'dinov2']) {
      const { experiment, notices } = parseExperiment(`?method=${id}`, LESSONS);
      expect(experiment.method).toBe(id);
      expect(notices).toEqual([]);
    }
    expect(parseExperiment('?method=dino', LESSONS).experiment.config.localCrops).toBeGreaterThan(0);
  });

  it('a combination a method cannot run gets a notice and the value it needs', () => {
    const { experiment, notices } = parseExperiment('?method=ibot&backbone=cnn', LESSONS);
    expect(experiment.config.backbone).toBe('vit');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ param: 'backbone' });
    expect(notices[0].message).toMatch(/patch tokens/);
  });

  it('round-trips: serialise then parse gives the same experiment, writing only changed values', () => {
    const { experiment } = parseExperiment('?lesson=simclr', LESSONS);
    experiment.config.temperature = 0.05;
    experiment.config.blur = true;
    experiment.present = true;
    experiment.hide = ['lr', 'seed'];
    const q = serializeExperiment(experiment, LESSONS);
    expect(q).toBe('?lesson=simclr&temperature=0.05&blur=1&present=1&hide=lr,seed');
    expect(parseExperiment(q, LESSONS).experiment).toEqual(experiment);
  });
});

describe('sweeps in the URL', () => {
  it('reads a sweep into one run per value, labelled by parameter and value', () => {
    const { experiment, notices } = parseExperiment('?lesson=simclr&sweep=temperature:0.05,0.2,1', LESSONS);
    expect(notices).toEqual([]);
    expect(experiment.sweep).toEqual({ param: 'temperature', values: [0.05, 0.2, 1] });
    expect(runSpecs(experiment)).toEqual([
      { label: 'temperature=0.05', patch: { temperature: 0.05 } },
      { label: 'temperature=0.2', patch: { temperature: 0.2 } },
      { label: 'temperature=1', patch: { temperature: 1 } },
    ]);
    expect(serializeExperiment(experiment, LESSONS)).toBe('?lesson=simclr&sweep=temperature:0.05,0.2,1');
    expect(runSpecs({ sweep: null, compare: null, method: 'simclr', lesson: null })).toEqual([{ label: 'main', patch: {} }]);
  });

  it('clamps sweep values, drops duplicates and too many runs, each with a notice', () => {
    const { experiment, notices } = parseExperiment('?lesson=simclr&sweep=batchSize:2,64,64,128', LESSONS);
    expect(experiment.sweep).toEqual({ param: 'batchSize', values: [SCHEMA.batchSize.min, 64, 128] });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ param: 'sweep' });
    const many = parseExperiment('?sweep=temperature:0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8', LESSONS);
    expect(many.experiment.sweep!.values).toHaveLength(MAX_SWEEP);
    expect(many.notices[0].message).toMatch(/at most/);
  });

  it('a malformed sweep, an unknown parameter or one the method lacks falls back to one run with a notice', () => {
    for (const q of ['?sweep=temperature', '?sweep=nope:1,2', '?sweep=temperature:0.1', '?method=byol&sweep=temperature:0.1,1', '?sweep=temperature:abc,xyz']) {
      const { experiment, notices } = parseExperiment(q, LESSONS);
      expect(experiment.sweep, q).toBeNull();
      expect(notices.some((n) => n.param === 'sweep'), q).toBe(true);
    }
  });
});

describe('compared runs in the URL', () => {
  const WITH_VARIANTS: LessonMeta[] = [
    ...LESSONS,
    {
      id: 'collapse', title: 'Collapse', method: 'byol', preset: {},
      variants: [
        { id: 'byol', label: 'BYOL', patch: {} },
        { id: 'byol-nopred', label: 'BYOL, no predictor', patch: { predictor: false } },
        { id: 'simsiam', label: 'SimSiam', method: 'simsiam', patch: {} },
      ],
    },
  ];

  it('names the lesson’s variants; each run gets its method, and another method’s preset under its patch', () => {
    const { experiment, notices } = parseExperiment('?lesson=collapse&compare=byol,byol-nopred,simsiam', WITH_VARIANTS);
    expect(notices).toEqual([]);
    expect(experiment.compare).toEqual(['byol', 'byol-nopred', 'simsiam']);
    const runs = runSpecs(experiment, WITH_VARIANTS);
    expect(runs.map((r) => [r.label, r.method])).toEqual([['byol', 'byol'], ['byol-nopred', 'byol'], ['simsiam', 'simsiam']]);
    expect(runs[1].patch).toEqual({ predictor: false });
    expect(runs[2].patch).toMatchObject(METHODS.simsiam.preset);
    expect(serializeExperiment(experiment, WITH_VARIANTS)).toBe('?lesson=collapse&compare=byol,byol-nopred,simsiam');
    expect(parseExperiment(serializeExperiment(experiment, WITH_VARIANTS), WITH_VARIANTS).experiment).toEqual(experiment);
  });

  it('unknown ids, a lesson without variants, or compare beside a sweep: notices, and something sane', () => {
    const a = parseExperiment('?lesson=collapse&compare=byol,nope', WITH_VARIANTS);
    expect(a.experiment.compare).toEqual(['byol']);
    expect(a.notices.map((n) => n.param)).toEqual(['compare']);
    const b = parseExperiment('?lesson=simclr&compare=byol', WITH_VARIANTS);
    expect(b.experiment.compare).toBeNull();
    expect(b.notices[0].message).toMatch(/has none/);
    const c = parseExperiment('?lesson=collapse&compare=byol&sweep=lr:0.001,0.01', WITH_VARIANTS);
    expect(c.experiment.compare).toEqual(['byol']);
    expect(c.experiment.sweep).toBeNull();
    expect(c.notices.some((n) => n.param === 'sweep')).toBe(true);
  });
});

describe('schema', () => {
  it('rounds integers with a notice and accepts exact values silently', () => {
    expect(coerce('batchSize', '64.6', 128)).toMatchObject({ value: 65, notice: { param: 'batchSize' } });
    expect(coerce('batchSize', '64', 128)).toEqual({ value: 64 });
  });
  it('knows which changes need a new model', () => {
    const c = defaultConfig();
    expect(needsReset({ temperature: 0.5, lr: 0.01 }, c)).toEqual([]);
    expect(needsReset({ batchSize: 64, temperature: 0.5 }, c)).toEqual(['batchSize']);
    expect(needsReset({ batchSize: c.batchSize }, c)).toEqual([]);
  });
});
