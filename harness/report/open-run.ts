import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { EpisodeRecord, RunView, Summary, TrainingEvent } from '../api.ts';
import { loadPlugin } from '../plugins/load.ts';
import { summarize } from '../stats/summary.ts';
import { readJsonl } from '../store/jsonl.ts';
import type { Manifest } from '../store/manifest.ts';

export type TrainingLogEvent = TrainingEvent & { env: string; agent: string; seed: number };

/**
 * Opens a run folder as the RunView reporters read. The episode and training logs are streamed afresh on
 * every call, never loaded whole. A run without `summary.json` (stopped before its end) is summarised from
 * its episode log with the suite's own metrics, as the run itself would have done.
 */
export async function openRun(dir: string): Promise<RunView> {
  const root = resolve(dir);
  const manifestPath = join(root, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${root} is not a run folder: it has no manifest.json`);
  const manifest = readJson(manifestPath) as Manifest;
  const summaryPath = join(root, 'summary.json');
  const summary = existsSync(summaryPath) ? (readJson(summaryPath) as Summary) : await summarizeRunLog(root, manifest);
  return {
    dir: root,
    manifest: manifest as unknown as Record<string, unknown>,
    summary,
    episodes: () => readJsonl<EpisodeRecord>(join(root, 'episodes.jsonl')),
    training: () => readJsonl<TrainingLogEvent>(join(root, 'training.jsonl')),
  };
}

/** The summary of a run's episode log, with the metric plugins its suite names (as the runner computes it). */
export async function summarizeRunLog(dir: string, manifest: Manifest = readJson(join(dir, 'manifest.json')) as Manifest): Promise<Summary> {
  const { suite } = manifest;
  if (!suite || !manifest.suiteFile) {
    throw new Error(`${join(dir, 'manifest.json')} has no suite (or suiteFile), so a run without summary.json cannot be summarised`);
  }
  const baseDir = dirname(manifest.suiteFile);
  const metrics = await Promise.all(
    suite.metrics.map(async (entry) => ({ plugin: (await loadPlugin('metric', entry.use, baseDir)).plugin, options: entry.options })),
  );
  return summarize(readJsonl<EpisodeRecord>(join(dir, 'episodes.jsonl')), metrics, {
    envs: suite.envs.map((e) => e.id),
    splits: [...new Set(suite.envs.flatMap((e) => e.eval.map((s) => s.name)))],
    agents: suite.agents.map((a) => a.id),
  });
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
