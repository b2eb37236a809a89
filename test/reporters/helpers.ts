import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeRecord, ReporterPlugin, RunView } from '../../harness/api.ts';
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
