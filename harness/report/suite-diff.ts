/**
 * What differs between two runs' setups, read from their manifests: the resolved suites (seeds, step limit,
 * tokenizer, envs with their options and splits, agents with their options and training settings, metrics)
 * and how each run was started (`--limit`, `--only`, `--shard`), plus the harness version and git revision.
 * Lists of named things (envs, agents, splits) are matched by name, so a reordered suite shows no difference.
 */
export interface SetupDifference {
  /** Where, e.g. `agents[hrl].train.settings.bc.epochs`. */
  path: string;
  /** The value in each run, as short JSON; null where the run has none. */
  values: [string | null, string | null];
}

export function setupDifferences(a: Record<string, unknown>, b: Record<string, unknown>): SetupDifference[] {
  const out: SetupDifference[] = [];
  const setup = (manifest: Record<string, unknown>) => ({
    suite: manifest.suite ?? null,
    selection: manifest.selection ?? null,
    harness: (manifest.harness as { version?: unknown } | undefined)?.version ?? null,
    git: (manifest.git as { revision?: unknown } | undefined)?.revision ?? null,
  });
  diff(setup(a), setup(b), '', out);
  return out.map((d) => ({ ...d, path: d.path.replace(/^suite\./, '') }));
}

function diff(a: unknown, b: unknown, path: string, out: SetupDifference[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) diff(a[key], b[key], join(path, key), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && [...a, ...b].every((item) => nameOf(item) !== null)) {
    const byName = (list: unknown[]) => new Map(list.map((item) => [nameOf(item)!, item]));
    const left = byName(a);
    const right = byName(b);
    for (const name of [...new Set([...left.keys(), ...right.keys()])]) diff(left.get(name), right.get(name), `${path}[${name}]`, out);
    return;
  }
  out.push({ path: path || '(root)', values: [show(a), show(b)] });
}

/** What names an item of a list: an env's or agent's `id`, a split's `name`, a metric's or reporter's `use`. */
function nameOf(item: unknown): string | null {
  if (!isRecord(item)) return null;
  for (const key of ['id', 'name', 'use']) if (typeof item[key] === 'string') return item[key] as string;
  return null;
}

function show(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
