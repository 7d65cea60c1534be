// Structural rules the lab keeps: checked on the source, so a careless import fails the build.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = dirname(new URL(import.meta.url).pathname);

/** Runtime imports of a file (type-only imports are erased and do not count). */
function runtimeImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of code.matchAll(/^\s*import\s+(?!type\b)([^'"]*?from\s+)?['"]([^'"]+)['"]/gm)) out.push(m[2]);
  for (const m of code.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  // re-exports (a barrel's `export { X } from './x'`) load their module too
  for (const m of code.matchAll(/^\s*export\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) out.push(m[1]);
  return out;
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const cand of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    try {
      if (statSync(cand).isFile()) return cand;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Every package the files reachable from `entry` import at run time. */
function reachablePackages(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const pkgs = new Map<string, string>();
  const stack = [entry];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f) || f.endsWith('.css')) continue; // lessons (MDX) are walked too: they run on the main thread
    seen.add(f);
    for (const spec of runtimeImports(f)) {
      const local = resolveLocal(f, spec);
      if (local) stack.push(local);
      else if (!spec.startsWith('.')) pkgs.set(spec, f);
    }
  }
  return pkgs;
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });

describe('architecture', () => {
  it('the main thread never imports tfjs (only the worker does)', () => {
    const pkgs = reachablePackages(join(SRC, 'main.tsx'));
    const tf = [...pkgs.entries()].filter(([p]) => p.startsWith('@tensorflow'));
    expect(tf).toEqual([]);
    expect(pkgs.has('react')).toBe(true); // the walk does reach the UI
    expect(pkgs.has('katex')).toBe(true); // …and the lessons' widgets (KaTeX is only there)
  });

  it('the engine imports nothing of React, the DOM stores or the worker protocol', () => {
    for (const f of walk(join(SRC, 'engine')).filter((p) => /\.tsx?$/.test(p) && !p.endsWith('.test.ts'))) {
      for (const spec of runtimeImports(f)) {
        expect(spec, `${f} imports ${spec}`).not.toMatch(/^(react|react-dom|zustand|recharts)|\/(store|ui|worker|app)\//);
      }
    }
  });

  it('the worker reaches tfjs (a check that the walk above can see it)', () => {
    expect([...reachablePackages(join(SRC, 'worker', 'training.worker.ts')).keys()].some((p) => p.startsWith('@tensorflow'))).toBe(true);
  });
});
