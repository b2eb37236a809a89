import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import type { EpisodeRecord } from '../api.ts';
import { readJsonl } from './jsonl.ts';

/** What identifies an episode in a run: (env, split, agent, seed, episode id). */
export function episodeKey(r: Pick<EpisodeRecord, 'env' | 'split' | 'agent' | 'seed' | 'episode'>): string {
  return JSON.stringify([r.env, r.split, r.agent, r.seed, r.episode]);
}

/**
 * The append-only episode log. Each record is one `write` of one line, so a killed process loses at most the
 * episodes in flight; a line torn by a kill is cut off when the log is reopened.
 */
export class EpisodeLog {
  private fd: number;

  private constructor(
    readonly file: string,
    /** Keys of the episodes already in the log, with whether each ended in an error. */
    readonly finished: Map<string, { error: boolean }>,
  ) {
    this.fd = openSync(file, 'a');
  }

  static async open(file: string): Promise<EpisodeLog> {
    const finished = new Map<string, { error: boolean }>();
    if (existsSync(file)) {
      cutTornTail(file);
      for await (const r of readJsonl<EpisodeRecord>(file)) finished.set(episodeKey(r), { error: r.error !== null });
    }
    return new EpisodeLog(file, finished);
  }

  has(key: string): boolean {
    return this.finished.has(key);
  }

  append(record: EpisodeRecord): void {
    writeSync(this.fd, JSON.stringify(record) + '\n');
    this.finished.set(episodeKey(record), { error: record.error !== null });
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Truncates the file after its last newline, dropping a record that was only partly written. */
function cutTornTail(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return;
    const chunk = Buffer.alloc(Math.min(size, 1 << 20));
    let end = size;
    // Scan backwards for the last newline.
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const length = end - start;
      readSync(fd, chunk, 0, length, start);
      const index = chunk.subarray(0, length).lastIndexOf(0x0a);
      if (index >= 0) {
        if (start + index + 1 !== size) ftruncateSync(fd, start + index + 1);
        return;
      }
      end = start;
    }
    ftruncateSync(fd, 0);
  } finally {
    closeSync(fd);
  }
}
