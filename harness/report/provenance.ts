/**
 * Where a run's numbers come from, read from its manifest: enough to reproduce it (suite hash, seeds,
 * versions, backend, machine). Missing fields are left out rather than guessed.
 */
export interface ProvenanceItem {
  label: string;
  value: string;
}

export interface PluginVersion {
  kind: string;
  name: string;
  version: string;
  source: string;
}

export function provenance(manifest: Record<string, unknown>): { items: ProvenanceItem[]; plugins: PluginVersion[] } {
  const suite = record(manifest.suite);
  const platform = record(manifest.platform);
  const items: ProvenanceItem[] = [];
  const add = (label: string, value: unknown) => {
    const text = describe(value);
    if (text !== null) items.push({ label, value: text });
  };
  add('Run', manifest.runId);
  add('Created', manifest.createdAt);
  add('Suite', suite.name);
  add('Suite hash', manifest.suiteHash);
  add('Seeds', suite.seeds);
  add('Step limit', suite.stepLimit);
  add('Tokenizer', suite.tokenizer);
  add('Git revision', gitRevision(manifest.git));
  add('Harness', record(manifest.harness).version);
  add('Node', manifest.node);
  add('Tensor backend', manifest.backend === null ? 'none' : manifest.backend);
  for (const [name, version] of Object.entries(record(manifest.runtime))) add(name, version);
  const memory = typeof platform.memoryGiB === 'number' ? platform.memoryGiB : typeof platform.memory === 'number' ? platform.memory / 2 ** 30 : null;
  const machine = [
    [describe(platform.os), describe(platform.release)].filter((part) => part !== null).join(' ') || null,
    describe(platform.cpuModel),
    typeof platform.cpus === 'number' ? `${platform.cpus} CPUs` : describe(platform.cpus),
    memory !== null ? `${memory.toFixed(1)} GiB` : null,
  ].filter((part) => part !== null);
  if (machine.length > 0) add('Platform', machine.join(', '));
  const plugins = (Array.isArray(manifest.plugins) ? manifest.plugins : []).map((entry) => {
    const plugin = record(entry);
    return {
      kind: describe(plugin.kind) ?? '',
      name: describe(plugin.name) ?? '',
      version: describe(plugin.version) ?? '',
      source: [describe(plugin.origin), describe(plugin.file) ?? describe(plugin.source)].filter((part) => part !== null).join(': '),
    };
  });
  return { items, plugins };
}

/** `a1b2c3d4e5f6` or `a1b2c3d4e5f6 (uncommitted changes)`, from a revision string or `{revision, dirty}`. */
function gitRevision(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const git = record(value);
  if (typeof git.revision !== 'string') return null;
  return git.dirty === true ? `${git.revision} (uncommitted changes)` : git.revision;
}

function describe(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) return value.map((item) => describe(item) ?? '').join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
