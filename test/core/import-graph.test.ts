/**
 * The shape of the code: no import cycles (type-only imports included, since a cycle of types is a cycle of
 * concepts), and the layering the architecture promises — nothing in `harness/` imports `plugins/`, and no
 * agent imports an env's code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports of a file (static, dynamic with a literal path, and type-only). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s));
}

const files = [...sourceFiles(join(repoRoot, 'harness')), ...sourceFiles(join(repoRoot, 'plugins'))];
const graph = new Map(files.map((f) => [f, importsOf(f).filter((target) => files.includes(target))]));
const name = (f: string) => relative(repoRoot, f);

/** Every cycle's files, found by a depth-first search (each cycle reported once, from its first file). */
function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)).map(name));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}

describe('the import graph', () => {
  it('has no cycles', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps the harness free of plugins, and agents free of env code', () => {
    const crossings = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((t) => {
          const from = name(file);
          const to = name(t);
          return (from.startsWith('harness/') && to.startsWith('plugins/')) || (from.startsWith('plugins/agents/') && to.startsWith('plugins/envs/'));
        })
        .map((t) => `${name(file)} → ${name(t)}`),
    );
    expect(crossings).toEqual([]);
  });
});
