/**
 * The one JSON Schema validator of the harness (ajv, draft 2020-12): the suite's schema and every plugin's
 * options and training schemas go through it, with every error reported at once and `default`s filled in.
 * Shared by `spec/` (suites, with errors located in the YAML) and `plugins/` (a plugin's own schemas).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '../api.ts';

export const ajv = new Ajv2020({ allErrors: true, useDefaults: true, verbose: true, strict: false });
addFormats.default(ajv);

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles (once per schema object) a plugin's or the suite's schema. Throws if the schema itself is invalid. */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Validates a copy of `options` against `schema` (defaults filled in); throws with every problem at once. */
export function validateOptions(schema: JsonSchema | undefined, options: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(options);
  if (!schema) return copy;
  const validate = compileSchema(schema);
  if (!validate(copy)) throw new Error(`invalid options: ${validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
  return copy;
}
