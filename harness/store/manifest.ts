import { execFileSync } from 'node:child_process';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedSuite } from '../spec/load.ts';
import type { SuiteSpec } from '../spec/types.ts';

/** The version of `Manifest` this harness writes; readers accept every earlier one (format 1 has no `format`). */
export const MANIFEST_FORMAT = 2;

/** What a run folder records about how it was made: enough to trace and to resume it. */
export interface Manifest {
  format?: number;
  runId: string;
  createdAt: string;
  harness: { version: string };
  /** The suite file as given (for resolving its relative plugin paths on resume). */
  suiteFile: string;
  suiteHash: string;
  suite: SuiteSpec;
  plugins: { kind: string; name: string; version: string; origin: string; file: string }[];
  git: { revision: string | null; dirty: boolean | null };
  node: string;
  /** The tensor backend used for training and inference, once an agent has initialised one. */
  backend: string | null;
  /** Facts agents recorded about their runtime (`AgentContext.recordRuntime`), e.g. backend versions. */
  runtime: Record<string, string>;
  platform: { os: string; release: string; cpus: number; cpuModel: string; memoryGiB: number };
  /** Command-line settings that shape which episodes run. */
  selection: { limit: number | null; only: Record<string, string[]> | null; shard: string | null };
  /** What a reader must know about an agent's results, by agent id (`AgentPlugin.caveats`). */
  caveats?: Record<string, string[]>;
  /** For a run made by `harness merge`: the shard runs it combines. */
  mergedFrom?: { dir: string; runId: string; shard: string }[];
}

export function buildManifest(runId: string, loaded: LoadedSuite, selection: Manifest['selection'], version: string): Manifest {
  const { plugins } = loaded;
  const all = [...plugins.envs, ...plugins.agents, ...plugins.metrics, ...plugins.reports];
  const unique = new Map(all.map((p) => [`${p.plugin.kind}:${p.file}`, p]));
  const cpuList = cpus();
  return {
    format: MANIFEST_FORMAT,
    runId,
    createdAt: new Date().toISOString(),
    harness: { version },
    suiteFile: loaded.file,
    suiteHash: loaded.hash,
    suite: loaded.spec,
    plugins: [...unique.values()].map(({ plugin, origin, file }) => ({ kind: plugin.kind, name: plugin.name, version: plugin.version, origin, file })),
    git: gitState(harnessRoot),
    node: process.version,
    backend: null,
    runtime: {},
    platform: {
      os: platform(),
      release: release(),
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    },
    selection,
    caveats: agentCaveats(loaded),
  };
}

/** Each agent's caveats with its suite options (agents without any are left out). */
export function agentCaveats(loaded: LoadedSuite): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  loaded.spec.agents.forEach((agent, i) => {
    const caveats = loaded.plugins.agents[i].plugin.caveats?.(agent.options) ?? [];
    if (caveats.length > 0) out[agent.id] = caveats;
  });
  return out;
}

/** The harness's own checkout: the revision that matters is that of the code that ran. */
const harnessRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function gitState(cwd: string): Manifest['git'] {
  try {
    const revision = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    return { revision, dirty: status.trim().length > 0 };
  } catch {
    return { revision: null, dirty: null };
  }
}
