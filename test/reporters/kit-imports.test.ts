import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.ts';

/** Every import of a built-in reporter that reaches into the harness. */
function harnessImports(): { file: string; target: string }[] {
  const root = join(repoRoot, 'plugins/reporters');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return files.flatMap((file) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(/from '([^']+)'/g)]
      .map((m) => m[1])
      .filter((target) => target.includes('/harness/'))
      .map((target) => ({ file, target: target.replace(/^(\.\.\/)+/, '') })),
  );
}

describe('reporter plugins', () => {
  it('use the reporting kit through harness/report/index.ts (and the plugin API), never its internals', () => {
    const imports = harnessImports();
    expect(imports.length).toBeGreaterThan(0);
    const outside = imports.filter(({ target }) => target !== 'harness/report/index.ts' && target !== 'harness/api.ts');
    expect(outside).toEqual([]);
  });
});
