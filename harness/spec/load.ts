import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { JsonSchema, Plugin, PluginKind } from '../api.ts';
import { type LoadedPlugin, loadPlugin, PluginError } from '../plugins/load.ts';
import { didYouMean } from '../schema/suggest.ts';
import { type Problem, SuiteError, sortProblems } from './problems.ts';
import { validateAt } from './schema-errors.ts';
import suiteSchema from './suite.schema.json' with { type: 'json' };
import type { AgentEntry, EnvEntry, PluginEntry, SplitEntry, SuiteSpec } from './types.ts';
import { type DataPath, readYamlSource, type YamlSource } from './yaml-source.ts';

export { suiteSchema };

/** A suite ready to run: its spec, the plugins it names (loaded and checked), and where it came from. */
export interface LoadedSuite {
  file: string;
  /** Folder that relative plugin paths are resolved against. */
  baseDir: string;
  /** The suite file's text and its SHA-256, recorded in the manifest. */
  text: string;
  hash: string;
  spec: SuiteSpec;
  plugins: {
    envs: LoadedPlugin<'env'>[];
    agents: LoadedPlugin<'agent'>[];
    metrics: LoadedPlugin<'metric'>[];
    reports: LoadedPlugin<'reporter'>[];
  };
}

export interface LoadOptions {
  /** Use this text instead of reading `file` (resume reads the copy kept in the run folder). */
  text?: string;
  /** Resolve relative plugin paths against this folder instead of the suite file's. */
  baseDir?: string;
}

/**
 * Reads, validates and resolves a suite. Every problem is collected — schema errors, unknown plugins,
 * bad plugin options, unknown split names — and thrown together as a SuiteError with file:line:col.
 */
export async function loadSuite(file: string, options: LoadOptions = {}): Promise<LoadedSuite> {
  const path = resolve(file);
  let text: string;
  try {
    text = options.text ?? readFileSync(path, 'utf8');
  } catch (e) {
    throw new SuiteError([{ file: path, line: 1, col: 1, message: `cannot read suite: ${(e as Error).message}` }]);
  }
  const source = readYamlSource(path, text);
  if (source.problems.length) throw new SuiteError(source.problems);
  if (typeof source.data !== 'object' || source.data === null || Array.isArray(source.data)) {
    throw new SuiteError([{ file: path, line: 1, col: 1, message: 'a suite must be a YAML mapping (name, envs, agents, ...)' }]);
  }

  const data = structuredClone(source.data) as Record<string, any>;
  const problems: Problem[] = validateAt(suiteSchema as JsonSchema, data, source, []);
  const at = (p: DataPath, message: string, where: 'key' | 'value' = 'value'): Problem => ({
    file: path,
    ...source.locate(p, where),
    message,
  });
  const baseDir = options.baseDir ?? dirname(path);
  const resolver = new PluginResolver(source, baseDir, problems);

  if (data.seed !== undefined && data.seeds !== undefined) problems.push(at(['seeds'], 'give either "seed" or "seeds", not both', 'key'));
  const seeds: number[] = Array.isArray(data.seeds) ? data.seeds : [typeof data.seed === 'number' ? data.seed : 1];

  const envs: EnvEntry[] = [];
  const envPlugins: LoadedPlugin<'env'>[] = [];
  for (const [i, raw] of list(data.envs).entries()) {
    const loaded = await resolver.load('env', raw, ['envs', i]);
    const entry = loaded && envEntry(raw, loaded, resolver, ['envs', i], data.stepLimit);
    if (loaded && entry) {
      envs.push(entry);
      envPlugins.push(loaded);
    }
  }

  const agents: AgentEntry[] = [];
  const agentPlugins: LoadedPlugin<'agent'>[] = [];
  for (const [i, item] of list(data.agents).entries()) {
    const raw = typeof item === 'string' ? { use: item } : item;
    const loaded = await resolver.load('agent', raw, ['agents', i]);
    if (!loaded || typeof raw !== 'object') continue;
    agents.push({
      id: raw.id ?? defaultId(raw.use),
      use: raw.use,
      options: resolver.options(loaded, raw.options, ['agents', i, 'options']),
      train: trainEntry(raw.train, loaded, source, ['agents', i, 'train'], problems),
    });
    agentPlugins.push(loaded);
  }

  const [metrics, metricPlugins] = await resolver.simpleEntries('metric', data.metrics, 'metrics');
  const [reports, reportPlugins] = await resolver.simpleEntries('reporter', data.reports, 'reports');

  problems.push(...duplicateIds(envs, 'envs', source), ...duplicateIds(agents, 'agents', source));
  if (problems.length) throw new SuiteError(sortProblems(problems));

  return {
    file: path,
    baseDir,
    text,
    hash: createHash('sha256').update(text).digest('hex'),
    spec: {
      name: data.name,
      ...(data.description ? { description: data.description } : {}),
      seeds,
      stepLimit: data.stepLimit,
      stepTimeoutMs: data.stepTimeoutMs,
      tokenizer: data.tokenizer,
      envs,
      agents,
      metrics,
      reports,
    },
    plugins: { envs: envPlugins, agents: agentPlugins, metrics: metricPlugins, reports: reportPlugins },
  };
}

/** Loads the plugins a suite names, recording each failure as a problem at its `use:` line. */
class PluginResolver {
  constructor(
    readonly source: YamlSource,
    private readonly baseDir: string,
    readonly problems: Problem[],
  ) {}

  async load<K extends PluginKind>(kind: K, raw: unknown, path: DataPath): Promise<LoadedPlugin<K> | null> {
    const use = (raw as { use?: unknown } | null)?.use;
    if (typeof use !== 'string' || use === '') return null; // the schema has already reported it
    try {
      return await loadPlugin(kind, use, this.baseDir);
    } catch (e) {
      if (!(e instanceof PluginError)) throw e;
      this.problems.push({ file: this.source.file, ...this.source.locate([...path, 'use']), message: e.message });
      return null;
    }
  }

  /** The plugin's options with defaults filled in; problems are reported at their own lines. */
  options(loaded: { plugin: Plugin }, raw: unknown, path: DataPath): Record<string, unknown> {
    const options = structuredClone((raw ?? {}) as Record<string, unknown>);
    const schema = loaded.plugin.optionsSchema;
    if (!schema) {
      if (Object.keys(options).length) {
        this.problems.push({
          file: this.source.file,
          ...this.source.locate(path, 'key'),
          message: `${loaded.plugin.kind} plugin "${loaded.plugin.name}" takes no options`,
        });
      }
      return options;
    }
    this.problems.push(...validateAt(schema, options, this.source, path));
    return options;
  }

  /** The entries of a list of `use:`-only plugins (metrics, reports), with their loaded plugins in the same order. */
  async simpleEntries<K extends 'metric' | 'reporter'>(kind: K, raws: unknown, field: string): Promise<[PluginEntry[], LoadedPlugin<K>[]]> {
    const entries: PluginEntry[] = [];
    const plugins: LoadedPlugin<K>[] = [];
    for (const [i, raw] of list(raws).entries()) {
      const entry = normaliseUse(raw);
      const loaded = entry && (await this.load(kind, entry, [field, i]));
      if (!entry || !loaded) continue;
      entries.push({ use: entry.use, options: this.options(loaded, entry.options, [field, i, 'options']) });
      plugins.push(loaded);
    }
    return [entries, plugins];
  }
}

function envEntry(raw: any, loaded: LoadedPlugin<'env'>, resolver: PluginResolver, path: DataPath, suiteStepLimit: number): EnvEntry | null {
  if (typeof raw !== 'object' || typeof raw.splits !== 'object' || raw.splits === null) return null;
  const { source, problems } = resolver;
  const known = loaded.plugin.splits;
  const splits: SplitEntry[] = [];
  for (const [name, value] of Object.entries(raw.splits as Record<string, { split?: string; limit?: number } | null>)) {
    const split = value?.split ?? name;
    if (!known.includes(split)) {
      const where = value?.split ? source.locate([...path, 'splits', name, 'split']) : source.locate([...path, 'splits', name], 'key');
      problems.push({
        file: source.file,
        ...where,
        message: `env "${loaded.plugin.name}" has no split "${split}"${didYouMean(split, known)}; its splits are ${known.join(', ')}`,
      });
      continue;
    }
    splits.push({ name, split, ...(value?.limit ? { limit: value.limit } : {}) });
  }
  const options = resolver.options(loaded, raw.options, [...path, 'options']);
  const train = splits.find((s) => s.name === 'train');
  if (!train) return null;
  return {
    id: raw.id ?? defaultId(raw.use),
    use: raw.use,
    stepLimit: raw.stepLimit ?? suiteStepLimit,
    options,
    train,
    eval: splits.filter((s) => s !== train),
  };
}

function trainEntry(raw: unknown, loaded: LoadedPlugin<'agent'>, source: YamlSource, path: DataPath, problems: Problem[]): AgentEntry['train'] {
  if (raw === false) return false;
  const { from, ...settings } = (typeof raw === 'object' && raw !== null ? structuredClone(raw) : {}) as Record<string, unknown>;
  const schema = loaded.plugin.trainSchema;
  if (schema) {
    // The harness's own `from` is not the plugin's business: validate the rest against the plugin's schema.
    problems.push(...validateAt(schema, settings, source, path));
  } else if (Object.keys(settings).length) {
    problems.push({ file: source.file, ...source.locate(path, 'key'), message: `agent plugin "${loaded.plugin.name}" has no training settings` });
  }
  return { ...(typeof from === 'string' ? { from } : {}), settings };
}

function normaliseUse(raw: unknown): { use: string; options?: unknown } | null {
  if (typeof raw === 'string') return { use: raw };
  if (typeof raw === 'object' && raw !== null && typeof (raw as { use?: unknown }).use === 'string') return raw as { use: string };
  return null;
}

function duplicateIds(entries: { id: string }[], field: string, source: YamlSource): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  entries.forEach((entry, i) => {
    if (seen.has(entry.id)) {
      problems.push({
        file: source.file,
        ...source.locate([field, i]),
        message: `${field}[${i}]: id "${entry.id}" is used twice; give each entry a distinct "id"`,
      });
    }
    seen.add(entry.id);
  });
  return problems;
}

/** `alfworld` → `alfworld`; `./plugins/my-env.ts` → `my-env`; `@scope/pkg` → `pkg`. */
export function defaultId(use: string): string {
  const name = basename(use, extname(use));
  return name === 'index' ? basename(dirname(use)) : name;
}

function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** Validates a plugin's options outside a suite (e.g. for `harness check`), throwing on problems. */
