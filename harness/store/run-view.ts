import { readFileSync } from 'node:fs';
import type { EpisodeRecord, RunView, Summary } from '../api.ts';
import { runFiles } from './files.ts';
import { readJsonl } from './jsonl.ts';

/** A finished run folder as reporters see it: manifest and summary in memory, the logs streamed. */
export function openRunView(dir: string): RunView {
  const files = runFiles(dir);
  return {
    dir,
    manifest: JSON.parse(readFileSync(files.manifest, 'utf8')),
    summary: JSON.parse(readFileSync(files.summary, 'utf8')) as Summary,
    episodes: () => readJsonl<EpisodeRecord>(files.episodes),
    training: () => readJsonl(files.training),
  };
}
