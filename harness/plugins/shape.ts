import type { JsonSchema, Plugin, PluginKind } from '../api.ts';
import { compileSchema } from '../schema/compile.ts';

/**
 * What is wrong with a module's default export as a plugin of `kind`; empty when it is usable.
 * Checked before any plugin function is called, so a malformed plugin fails with a message, not a crash.
 */
export function shapeProblems(value: unknown, kind: PluginKind): string[] {
  if (typeof value !== 'object' || value === null) return ['the default export is not a plugin object (use definePlugin({...}))'];
  const p = value as Record<string, unknown>;
  const problems: string[] = [];
  if (p.kind !== kind) problems.push(`kind is ${JSON.stringify(p.kind)}, expected "${kind}"`);
  for (const field of ['name', 'version', 'description']) {
    if (typeof p[field] !== 'string' || p[field] === '') problems.push(`"${field}" must be a non-empty string`);
  }
  for (const field of ['optionsSchema', 'trainSchema']) {
    if (p[field] === undefined) continue;
    if (typeof p[field] !== 'object' || p[field] === null) {
      problems.push(`"${field}" must be a JSON Schema object`);
      continue;
    }
    try {
      compileSchema(p[field] as JsonSchema);
    } catch (e) {
      problems.push(`"${field}" is not a valid JSON Schema: ${(e as Error).message}`);
    }
  }
  const needFunctions = (...names: string[]) => {
    for (const name of names) if (typeof p[name] !== 'function') problems.push(`"${name}" must be a function`);
  };
  switch (kind) {
    case 'env':
      needFunctions('episodes', 'create');
      if (!Array.isArray(p.splits) || p.splits.length === 0 || !p.splits.every((s) => typeof s === 'string')) {
        problems.push('"splits" must be a non-empty list of split names');
      }
      break;
    case 'agent':
      needFunctions('create');
      break;
    case 'metric':
      needFunctions('value');
      if (typeof p.higherIsBetter !== 'boolean') problems.push('"higherIsBetter" must be true or false');
      if (p.aggregate !== 'mean' && p.aggregate !== 'sum') problems.push('"aggregate" must be "mean" or "sum"');
      break;
    case 'reporter':
      needFunctions('render');
      break;
  }
  return problems;
}

export function isPlugin<K extends PluginKind>(value: unknown, kind: K): value is Extract<Plugin, { kind: K }> {
  return shapeProblems(value, kind).length === 0;
}
