import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeRecord, ReporterPlugin, RunView, TrainingEvent } from '../../harness/api.ts';
import { summarize } from '../../harness/stats/summary.ts';
import score from '../../plugins/metrics/score/index.ts';
import success from '../../plugins/metrics/success/index.ts';
import tokensPerStep from '../../plugins/metrics/tokens-per-step/index.ts';
import csv from '../../plugins/reporters/csv/index.ts';
import html from '../../plugins/reporters/html/index.ts';
import json from '../../plugins/reporters/json/index.ts';
import markdown from '../../plugins/reporters/markdown/index.ts';

export const reporters: ReporterPlugin[] = [markdown, html, json, csv];

/** Render every built-in reporter and return the files by path, as the harness would write them. */
export async function renderAll(run: RunView, options: Record<string, unknown> = {}): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const reporter of reporters) {
    for (const file of await reporter.render(run, options)) files[file.path] = String(file.content);
  }
  return files;
}

/** The episode log read the plain way, for computing expected numbers independently of the reporters. */
export function readEpisodes(dir: string): EpisodeRecord[] {
  return readFileSync(join(dir, 'episodes.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EpisodeRecord);
}

/** An episode record with what reports read; everything else plain defaults. */
export function episodeRecord(fields: Partial<EpisodeRecord> & Pick<EpisodeRecord, 'env' | 'split' | 'agent' | 'episode'>): EpisodeRecord {
  const steps = fields.steps ?? 10;
  const total = fields.tokens?.total ?? 0;
  return {
    seed: 1,
    task: 'task',
    variation: 0,
    success: false,
    score: 0,
    reward: 0,
    steps,
    tokens: { total, prompt: total, completion: 0, perStep: Array.from({ length: steps }, () => total / steps), byRole: {} },
    trajectory: [],
    error: null,
    end: 'done',
    durationMs: 1,
    ...fields,
  };
}

/**
 * A run held in memory, as `openRun` would give it: the manifest names the agents with their plugins in suite
 * order, the summary is computed from the records with the success, score and tokens-per-step metrics.
 */
export async function memoryRun(
  records: EpisodeRecord[],
  options: { agents: { id: string; use: string }[]; training?: (TrainingEvent & { env: string; agent: string; seed: number })[] },
): Promise<RunView> {
  const envs = [...new Set(records.map((r) => r.env))];
  const splits = [...new Set(records.map((r) => r.split))];
  const manifest = {
    runId: 'memory',
    suite: {
      name: 'memory',
      seeds: [...new Set(records.map((r) => r.seed))].sort((a, b) => a - b),
      envs: envs.map((id) => ({ id, use: id, eval: splits.map((name) => ({ name, split: name })) })),
      agents: options.agents.map(({ id, use }) => ({ id, use, options: {} })),
    },
  };
  const summary = await summarize(
    stream(records),
    [success, score, tokensPerStep].map((plugin) => ({ plugin, options: {} })),
    { envs, splits, agents: options.agents.map((a) => a.id) },
  );
  return {
    dir: '/memory',
    manifest,
    summary,
    episodes: () => stream(records),
    training: () => stream(options.training ?? []),
  };
}

async function* stream<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}
