import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EpisodeRecord, Summary } from '../api.ts';
import { loadPlugin } from '../plugins/load.ts';
import { readJsonl } from '../store/jsonl.ts';
import type { Manifest } from '../store/manifest.ts';
import { type SummaryMetric, summarize } from './summary.ts';

/** The summary of a run's episode log, with the metric plugins its suite names (as the runner computes it). */
export async function summarizeRunLog(dir: string, manifest: Manifest = readManifest(dir)): Promise<Summary> {
  const metrics = await runMetrics(dir, manifest);
  const suite = manifest.suite;
  return summarize(readJsonl<EpisodeRecord>(join(dir, 'episodes.jsonl')), metrics, {
    envs: suite.envs.map((e) => e.id),
    splits: [...new Set(suite.envs.flatMap((e) => e.eval.map((s) => s.name)))],
    agents: suite.agents.map((a) => a.id),
  });
}

/** The metric plugins a run's suite names, loaded as the run loaded them (relative paths from its suite file). */
export async function runMetrics(dir: string, manifest: Manifest = readManifest(dir)): Promise<SummaryMetric[]> {
  const { suite } = manifest;
  if (!suite || !manifest.suiteFile) {
    throw new Error(`${join(dir, 'manifest.json')} has no suite (or suiteFile), so a run without summary.json cannot be summarised`);
  }
  const baseDir = dirname(manifest.suiteFile);
  return Promise.all(suite.metrics.map(async (entry) => ({ plugin: (await loadPlugin('metric', entry.use, baseDir)).plugin, options: entry.options })));
}

function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
