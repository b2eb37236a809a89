/**
 * The order the suite declares envs, splits and agents in, read defensively from a run manifest, so tables
 * list agents as the researcher wrote them (baselines first, the proposed method last) rather than
 * alphabetically.
 */
export interface SuiteOrder {
  envs: string[];
  agents: string[];
  /** Evaluation splits per env (the training split is left out). */
  splits: Map<string, string[]>;
}

export function suiteOrder(manifest: Record<string, unknown>): SuiteOrder {
  const suite = asRecord(manifest.suite);
  const envEntries = asArray(suite?.envs)
    .map(asRecord)
    .filter((entry) => entry !== null);
  const agentEntries = asArray(suite?.agents)
    .map(asRecord)
    .filter((entry) => entry !== null);
  const splits = new Map<string, string[]>();
  for (const entry of envEntries) {
    if (typeof entry.id === 'string') splits.set(entry.id, evalSplits(entry));
  }
  return {
    envs: envEntries.map((entry) => entry.id).filter((id): id is string => typeof id === 'string'),
    agents: agentEntries.map((entry) => entry.id).filter((id): id is string => typeof id === 'string'),
    splits,
  };
}

/** `preferred` first (those that occur), then the rest sorted, so nothing found in the data is dropped. */
export function orderBy(found: Iterable<string>, preferred: readonly string[]): string[] {
  const present = new Set(found);
  const ordered = preferred.filter((name) => present.has(name));
  const rest = [...present].filter((name) => !preferred.includes(name)).sort(naturalCompare);
  return [...new Set([...ordered, ...rest])];
}

/** Compare names with numbers in numeric order (`2-1 …` before `10-1 …`). */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function evalSplits(entry: Record<string, unknown>): string[] {
  // The resolved suite names its evaluation splits either as `eval: [{name, split}]` or as `splits`
  // (a list or a map keyed by name); the training split is not reported on.
  const fromList = (items: unknown[]) =>
    items.map((item) => (typeof item === 'string' ? item : asRecord(item)?.name)).filter((name): name is string => typeof name === 'string');
  if (Array.isArray(entry.eval)) return fromList(entry.eval);
  if (Array.isArray(entry.splits)) return fromList(entry.splits).filter((name) => name !== 'train');
  const map = asRecord(entry.splits);
  return map ? Object.keys(map).filter((name) => name !== 'train') : [];
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
