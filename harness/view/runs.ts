import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Summary } from '../api.ts';

/** A run folder as the viewer lists it, read from its manifest and summary (never its episode log). */
export interface RunListing {
  /** The viewer's handle for the run: its position in the list. */
  id: number;
  dir: string;
  runId: string;
  suite: string;
  createdAt: string;
  seeds: number[];
  envs: string[];
  agents: string[];
  /** Episodes in the summary; null when the run has no summary.json (stopped before its end). */
  episodes: number | null;
  errors: number | null;
  manifest: Record<string, unknown>;
  summary: Summary | null;
}

/**
 * The run folders under the paths given: a folder with a manifest.json is a run; any other folder is looked
 * into for runs (one level down, as `results/` holds them). Newest first. Paths that are neither are named in
 * `problems`.
 */
export function findRuns(paths: string[]): { runs: RunListing[]; problems: string[] } {
  const dirs: string[] = [];
  const problems: string[] = [];
  for (const path of paths.map((p) => resolve(p))) {
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      problems.push(`${path}: no such folder`);
      continue;
    }
    if (existsSync(join(path, 'manifest.json'))) {
      dirs.push(path);
      continue;
    }
    const inside = readdirSync(path)
      .map((name) => join(path, name))
      .filter((dir) => existsSync(join(dir, 'manifest.json')));
    if (inside.length === 0) problems.push(`${path}: neither a run folder (no manifest.json) nor a folder of runs`);
    dirs.push(...inside);
  }
  const runs: RunListing[] = [];
  for (const dir of [...new Set(dirs)]) {
    try {
      runs.push(listing(dir));
    } catch (e) {
      problems.push(`${dir}: ${(e as Error).message}`);
    }
  }
  runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.dir.localeCompare(b.dir));
  runs.forEach((run, i) => {
    run.id = i;
  });
  return { runs, problems };
}

function listing(dir: string): RunListing {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const summaryFile = join(dir, 'summary.json');
  const summary = existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary) : null;
  const suite = (manifest.suite ?? {}) as { name?: unknown; seeds?: unknown; envs?: { id?: unknown }[]; agents?: { id?: unknown }[] };
  const ids = (list: unknown) => (Array.isArray(list) ? list.map((e) => (e as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string') : []);
  return {
    id: 0,
    dir,
    runId: typeof manifest.runId === 'string' ? manifest.runId : dir,
    suite: typeof suite.name === 'string' ? suite.name : '',
    createdAt: typeof manifest.createdAt === 'string' ? manifest.createdAt : '',
    seeds: Array.isArray(suite.seeds) ? suite.seeds.filter((s): s is number => typeof s === 'number') : [],
    envs: ids(suite.envs),
    agents: ids(suite.agents),
    episodes: summary ? summary.rows.reduce((n, r) => n + r.episodes, 0) : null,
    errors: summary ? summary.rows.reduce((n, r) => n + r.errors, 0) : null,
    manifest,
    summary,
  };
}
