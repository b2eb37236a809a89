import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EpisodeIndex, type EpisodeQuery } from '../view/episode-index.ts';
import { transcriptOf } from '../view/transcript.ts';
import { transcriptText } from '../view/transcript-text.ts';
import { exitWithUsageError } from './errors.ts';

interface ShowFlags {
  env?: string;
  split?: string;
  agent?: string;
  seed?: number;
  prompts?: boolean;
}

/**
 * `harness show <run-dir> <episode>`: one episode's transcript in the terminal. The episode is its number in
 * the log (as the viewer shows it) or its id, narrowed by --env, --split, --agent and --seed when several
 * agents, splits or seeds ran it.
 */
export async function showCommand(runDir: string, which: string, flags: ShowFlags): Promise<void> {
  const log = join(resolve(runDir), 'episodes.jsonl');
  if (!existsSync(join(resolve(runDir), 'manifest.json'))) exitWithUsageError(`${resolve(runDir)} is not a run folder: it has no manifest.json`);
  if (!existsSync(log)) exitWithUsageError(`${resolve(runDir)} has no episodes yet (no episodes.jsonl)`);
  const { index } = EpisodeIndex.open(log);
  index.extend();
  let chosen: number;
  if (/^\d+$/.test(which)) {
    chosen = Number(which) - 1;
    if (chosen < 0 || chosen >= index.size) exitWithUsageError(`episode number ${which}: the log holds episodes 1 to ${index.size}`);
  } else {
    const query: EpisodeQuery = { episode: which, env: flags.env, split: flags.split, agent: flags.agent, seed: flags.seed };
    const found = index.filter(query);
    if (found.length === 0) {
      const sameId = index.filter({ episode: which }).length;
      exitWithUsageError(
        sameId > 0
          ? `episode "${which}" ran ${sameId} time(s), but none with ${describe(flags)}`
          : `no episode "${which}" in ${runDir} (give its id as in episodes.jsonl, or its number in the log)`,
      );
    }
    if (found.length > 1) {
      const lines = found.map((i) => {
        const e = index.entry(i);
        return `  ${String(e.n).padStart(6)}  ${e.env} · ${e.split} · ${e.agent} · seed ${e.seed}`;
      });
      exitWithUsageError(
        `episode "${which}" ran ${found.length} times; choose one by its number, or narrow it with --env, --split, --agent, --seed:\n${lines.join('\n')}`,
      );
    }
    chosen = found[0];
  }
  process.stdout.write(transcriptText(transcriptOf(index.read(chosen)), { prompts: flags.prompts }));
}

function describe(flags: ShowFlags): string {
  return (['env', 'split', 'agent', 'seed'] as const)
    .filter((key) => flags[key] !== undefined)
    .map((key) => `${key} ${flags[key]}`)
    .join(', ');
}
