// Structural rules the lab keeps: checked on the source, so a careless import fails the build.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = dirname(new URL(import.meta.url).pathname);
const ROOT = resolve(SRC, '..');
const LINE_LIMIT = 400;

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

/** Every local import of a file, type-only ones included: a circle of types is still a circle. */
function allImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => m[1] ?? m[2]);
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

/**
 * The house from the bottom up: a file may import from its own floor or a lower one, never a higher
 * one. Two floors of one rank never import each other either (the worker's thread and the page's).
 */
const FLOORS: [string, number][] = [
  ['src/config', 0],
  ['src/mdx.d.ts', 0],
  ['src/engine', 1],
  ['src/worker', 2],
  ['src/bench', 3],
  ['src/store', 3],
  ['src/bridge', 4],
  ['src/ui', 5],
  ['lessons', 6],
  ['src/app', 7],
  ['src/main.tsx', 8],
];
const floorOf = (file: string): [string, number] | null => {
  const rel = relative(ROOT, file);
  return FLOORS.find(([f]) => rel === f || rel.startsWith(`${f}/`)) ?? null;
};

const sourceFiles = (dir: string) => walk(dir).filter((p) => /\.(tsx?|mts|mjs|mdx)$/.test(p) && !p.includes('node_modules'));
const isTest = (p: string) => /\.test\.tsx?$|\.spec\.ts$/.test(p);

/** The import graph of the given files, edges to local files only. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) graph.set(f, allImports(f).map((s) => resolveLocal(f, s)).filter((t): t is string => t !== null && files.includes(t)));
  return graph;
}

/** One import circle in the graph (as a path that returns to its start), or null. */
export function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (f: string): string[] | null => {
    if (state.get(f) === 'done') return null;
    if (state.get(f) === 'open') return [...path.slice(path.indexOf(f)), f];
    state.set(f, 'open');
    path.push(f);
    for (const t of graph.get(f) ?? []) {
      const c = visit(t);
      if (c) return c;
    }
    path.pop();
    state.set(f, 'done');
    return null;
  };
  for (const f of graph.keys()) {
    const c = visit(f);
    if (c) return c;
  }
  return null;
}

describe('architecture', () => {
  const code = [...sourceFiles(SRC), ...sourceFiles(join(ROOT, 'lessons'))].filter((p) => !isTest(p));

  it('finds a circle when there is one (the check below can fail)', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(findCycle(g)).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', ['b']], ['b', []], ['c', ['a', 'b']]]))).toBeNull();
    // the graph sees type-only imports (a circle of types is still one)
    expect(allImports(join(SRC, 'worker', 'protocol.ts')).length).toBeGreaterThan(0);
  });

  it('has no import circle in src/ or lessons/, counting type-only imports', () => {
    const cycle = findCycle(importGraph(code));
    expect(cycle?.map((f) => relative(ROOT, f)) ?? null).toBeNull();
  });

  it('imports only down the house: no floor imports from a higher one', () => {
    const upward: string[] = [];
    for (const f of code) {
      const from = floorOf(f);
      expect(from, `${relative(ROOT, f)} is on no floor of FLOORS`).not.toBeNull();
      for (const spec of allImports(f)) {
        const t = resolveLocal(f, spec);
        const to = t && floorOf(t);
        if (!to || to[0] === from![0]) continue;
        if (to[1] >= from![1]) upward.push(`${relative(ROOT, f)} → ${relative(ROOT, t!)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('names a report only in its own file, the table and what draws it: the runner, the protocol and the bridge name none', async () => {
    const { REPORT_NAMES } = await import('./engine/reports');
    expect(REPORT_NAMES).toContain('spread'); // the table is what this reads
    for (const f of ['worker/runner.ts', 'worker/schedule.ts', 'worker/runs.ts', 'worker/errors.ts', 'worker/protocol.ts', 'worker/training.worker.ts', 'bridge/client.ts']) {
      const code = readFileSync(join(SRC, f), 'utf8');
      expect(REPORT_NAMES.filter((n) => new RegExp(`['"\`]${n}['"\`]`).test(code)), f).toEqual([]);
    }
  });

  it(`keeps every source file at ${LINE_LIMIT} lines or fewer`, () => {
    const files = ['src', 'lessons', 'scripts', 'e2e'].flatMap((d) => sourceFiles(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(100); // the walk does see the tree
    const long = files.map((f) => [relative(ROOT, f), readFileSync(f, 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > LINE_LIMIT);
    expect(long).toEqual([]);
  });

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
