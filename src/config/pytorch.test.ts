import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { METHODS, METHOD_IDS } from './methods';
import { omitted, pytorchSnippet } from './pytorch';
import { PARAM_NAMES, defaultConfig, type Config } from './schema';

const preset = (m: (typeof METHOD_IDS)[number], patch: Partial<Config> = {}) => ({ ...defaultConfig(), ...METHODS[m].preset, ...(METHODS[m].requires ?? {}), ...patch }) as Config;
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe('Copy as PyTorch', () => {
  it('every schema parameter of the run is in the file with its value, or left out for a stated reason', () => {
    for (const m of METHOD_IDS) {
      for (const config of [preset(m), preset(m, { dataset: 'shapes', backbone: 'vit', blur: true, optimizer: 'sgd' })]) {
        const code = pytorchSnippet(m, config);
        for (const k of PARAM_NAMES) {
          const why = omitted(k, m, config);
          const line = code.split('\n').find((l) => l.trimStart().startsWith(`${snake(k)}=`));
          if (why === null) expect(line, `${m}: ${k}`).toBeDefined();
          else expect(line, `${m}: ${k} (${why})`).toBeUndefined();
        }
      }
    }
  });

  it('writes values as Python reads them, and marks where the run departs from the paper', () => {
    const code = pytorchSnippet('simclr', preset('simclr', { temperature: 0.1, blur: true, batchSize: 128 }), { step: 120, lesson: 'simclr' });
    expect(code).toContain('    temperature=0.1,  # paper: 0.5 (CIFAR-10 recipe; 0.1 on ImageNet)');
    expect(code).toContain('    batch_size=128,  # paper: 4096 (ImageNet, LARS)');
    expect(code).toContain('    blur=True,\n');
    expect(code).toContain('    method="simclr",');
    expect(code).toContain('T.RandomApply([T.GaussianBlur(3, sigma=(0.1, 1))], p=0.5)');
    expect(code).toContain('exported at step 120');
    // a value equal to the paper's carries no note
    expect(pytorchSnippet('simclr', preset('simclr', { temperature: 0.5 }))).toContain('    temperature=0.5,\n');
    expect(pytorchSnippet('moco', preset('moco'))).toMatch(/queue_size=4096, {2}# paper: 65536\n/);
    expect(pytorchSnippet('simclr', preset('simclr', { colorJitter: false }))).not.toContain('ColorJitter');
  });

  it('is Python that parses, for every method', () => {
    for (const m of METHOD_IDS) execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: pytorchSnippet(m, preset(m)) });
  });
});
