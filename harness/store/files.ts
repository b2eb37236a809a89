import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The files of a run folder. Everything a run writes is named here. */
export function runFiles(dir: string) {
  return {
    dir,
    manifest: join(dir, 'manifest.json'),
    suite: join(dir, 'suite.yaml'),
    episodes: join(dir, 'episodes.jsonl'),
    /** Lines of the episode log that could not be decoded, set aside by a repair (see log-repair.ts). */
    episodesRejected: join(dir, 'episodes.rejected.jsonl'),
    training: join(dir, 'training.jsonl'),
    trainingRejected: join(dir, 'training.rejected.jsonl'),
    summary: join(dir, 'summary.json'),
    /** Held by the one process writing the folder (see lock.ts). */
    lock: join(dir, 'run.lock'),
    checkpoints: join(dir, 'checkpoints'),
    checkpoint: (env: string, agent: string, seed: number) => join(dir, 'checkpoints', env, agent, `seed-${seed}`),
  };
}

export type RunFiles = ReturnType<typeof runFiles>;

/** Marks a checkpoint folder as whole: a folder without it was being written when the run stopped. */
export const CHECKPOINT_COMPLETE = 'complete.json';

/** Writes a file so that readers see the old or the new content, never a half-written one. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}
