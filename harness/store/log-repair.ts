import { appendFileSync, closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import type { RunFiles } from './files.ts';
import { type JsonlEntry, readJsonlEntries } from './jsonl.ts';

/** What a repair of a log set aside. */
export interface LogRepair {
  file: string;
  /** Where the lines went (`episodes.rejected.jsonl`, …), each as `{ line, reason, text }`. */
  rejectedFile: string;
  /** Their line numbers in the log as it was. */
  lines: number[];
}

/** Why a line of the episode log is not an episode record, or null when it is one. */
export function recordProblem(entry: JsonlEntry): string | null {
  if (entry.error !== null) return entry.error;
  const record = entry.value as Record<string, unknown> | null;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'not an episode record (not a JSON object)';
  for (const field of ['env', 'split', 'agent', 'episode']) {
    if (typeof record[field] !== 'string') return `not an episode record ("${field}" is not a string)`;
  }
  if (typeof record.seed !== 'number') return 'not an episode record ("seed" is not a number)';
  return null;
}

/**
 * Makes a run's logs safe to read and to append to. A line torn by a kill at the end is cut (an episode's
 * record then runs again), and every other line that cannot be decoded — garbage, or a torn line that a
 * newline followed — is moved to a side file (`episodes.rejected.jsonl`, `training.rejected.jsonl`) with its
 * line number: a set-aside episode runs again on resume, and nothing is appended after a broken line. The
 * logs keep their sound lines, in order, byte for byte. Returns what was set aside (empty when nothing was).
 * The caller must hold the run folder's lock.
 */
export async function repairRunLogs(files: RunFiles): Promise<LogRepair[]> {
  const repairs = [
    await repairJsonl(files.episodes, files.episodesRejected, recordProblem),
    await repairJsonl(files.training, files.trainingRejected, (entry) => entry.error),
  ];
  return repairs.filter((repair): repair is LogRepair => repair !== null);
}

async function repairJsonl(file: string, rejectedFile: string, problemOf: (entry: JsonlEntry) => string | null): Promise<LogRepair | null> {
  if (!existsSync(file)) return null;
  cutTornTail(file);
  const damaged: number[] = [];
  for await (const entry of readJsonlEntries(file)) if (problemOf(entry)) damaged.push(entry.line);
  if (damaged.length === 0) return null;

  // The sound lines go to a side file that replaces the log in one rename: a kill during the repair leaves
  // the log as it was, to be repaired again.
  const temporary = `${file}.repair-${process.pid}`;
  const rejected: string[] = [];
  const fd = openSync(temporary, 'w');
  try {
    let pending: string[] = [];
    let size = 0;
    const flush = () => {
      writeSync(fd, pending.join(''));
      pending = [];
      size = 0;
    };
    for await (const entry of readJsonlEntries(file)) {
      const problem = problemOf(entry);
      if (problem) {
        rejected.push(JSON.stringify({ line: entry.line, reason: problem, text: entry.text }) + '\n');
        continue;
      }
      pending.push(entry.text + '\n');
      size += entry.text.length;
      if (size > 1 << 20) flush();
    }
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  appendFileSync(rejectedFile, rejected.join(''));
  renameSync(temporary, file);
  return { file, rejectedFile, lines: damaged };
}

/** Truncates the file after its last newline, dropping a record that was only partly written. */
export function cutTornTail(file: string): void {
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
