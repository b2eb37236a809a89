import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import type { EpisodeRecord } from '../api.ts';
import { DamagedLogError, readJsonlEntries } from './jsonl.ts';
import { cutTornTail, recordProblem } from './log-repair.ts';

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

  /**
   * Opens the log for appending. A line that is not an episode record (repairRunLogs sets such lines aside
   * first) throws a DamagedLogError: nothing is ever appended after a broken line.
   */
  static async open(file: string): Promise<EpisodeLog> {
    const finished = new Map<string, { error: boolean }>();
    if (existsSync(file)) {
      cutTornTail(file);
      for await (const entry of readJsonlEntries(file)) {
        const problem = recordProblem(entry);
        if (problem) throw new DamagedLogError(file, entry.line, problem);
        const record = entry.value as EpisodeRecord;
        finished.set(episodeKey(record), { error: record.error !== null });
      }
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
