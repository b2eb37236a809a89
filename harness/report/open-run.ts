import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EpisodeRecord, RunView, Summary, TrainingEvent } from '../api.ts';
import { summarizeRunLog } from '../stats/run-summary.ts';
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

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
