import type { ErrorObject } from 'ajv/dist/2020.js';
import type { JsonSchema } from '../api.ts';
import { compileSchema } from '../schema/compile.ts';
import { didYouMean } from '../schema/suggest.ts';
import type { Problem } from './problems.ts';
import type { DataPath, YamlSource } from './yaml-source.ts';

/**
 * Validates `data` (mutating it: defaults are filled in) and turns ajv's errors into problems located in the
 * YAML source. `base` is where `data` sits in the file, so a plugin's options are reported at their own lines.
 */
export function validateAt(schema: JsonSchema, data: unknown, source: YamlSource, base: DataPath): Problem[] {
  const validate = compileSchema(schema);
  if (validate(data)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = toProblem(error, source, base);
    const key = `${problem.line}:${problem.col}:${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function toProblem(error: ErrorObject, source: YamlSource, base: DataPath): Problem {
  const path = [...base, ...decodePointer(error.instancePath)];
  const field = formatPath(path);
  const where = (p: DataPath, at: 'key' | 'value' = 'value') => ({ file: source.file, ...source.locate(p, at) });
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const hint = didYouMean(key, known);
      return { ...where([...path, key], 'key'), message: `unknown key "${key}"${field ? ` in ${field}` : ''}${hint}` };
    }
    case 'required':
      return { ...where(path), message: `${field || 'suite'}: missing required key "${error.params.missingProperty}"` };
    case 'type':
      return { ...where(path), message: `${field}: must be ${article(String(error.params.type))}, got ${describe(error.data)}` };
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed) : '';
      return { ...where(path), message: `${field}: must be one of ${allowed.join(', ')}, got ${describe(error.data)}${hint}` };
    }
    default:
      return { ...where(path), message: `${field || 'suite'}: ${error.message}` };
  }
}

function decodePointer(pointer: string): DataPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `envs[0].splits.seen.limit` */
export function formatPath(path: DataPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function article(type: string): string {
  const types = type.split(',');
  return types.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(' or ');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}
