/**
 * Field-by-field checks of JSON replies from external environments (an AgentGym server, a Python adapter),
 * so a malformed reply fails with a message naming the call and the field, not a TypeError in an agent.
 */
export type Fields = Record<string, unknown>;

export function object(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what}: expected a JSON object, got ${describe(value)}`);
  return value as Fields;
}

export function string(fields: Fields, key: string, what: string): string {
  if (typeof fields[key] !== 'string') throw new Error(`${what}: "${key}" must be a string, got ${describe(fields[key])}`);
  return fields[key] as string;
}

export function number(fields: Fields, key: string, what: string): number {
  const value = fields[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what}: "${key}" must be a number, got ${describe(value)}`);
  return value;
}

export function boolean(fields: Fields, key: string, what: string): boolean {
  if (typeof fields[key] !== 'boolean') throw new Error(`${what}: "${key}" must be true or false, got ${describe(fields[key])}`);
  return fields[key] as boolean;
}

export function strings(fields: Fields, key: string, what: string): string[] {
  const value = fields[key];
  if (!Array.isArray(value) || !value.every((a) => typeof a === 'string'))
    throw new Error(`${what}: "${key}" must be a list of strings, got ${describe(value)}`);
  return value;
}

/** A short JSON rendering of a value for error messages. */
export function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
