import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The plugin's modules form layers (world ← engine ← expert ← tasks ← env): no module imports, even for
 * types, one that imports it back. A cycle makes the load order matter and the layers meaningless.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../plugins/envs/scienceworld');

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gms)].map((m) => resolve(dirname(file), m[1]));
}

/** Every cycle found by a depth-first walk, as a list of paths relative to the plugin. */
function cycles(files: string[]): string[][] {
  const known = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((d) => known.has(d))]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 'open') found.push(stack.slice(stack.indexOf(d)).map((p) => relative(root, p)));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

describe('scienceworld module graph', () => {
  it('has no import cycles', () => {
    const files = modules(root);
    expect(files.length).toBeGreaterThan(40);
    expect(cycles(files)).toEqual([]);
  });
});
