import { relative } from 'node:path';
import { acquireRunLock, type RunLock, RunLockedError } from '../store/lock.ts';
import { exitWithUsageError } from './errors.ts';

/** Takes a run folder's lock for a command that writes it; a folder in use by another process exits 2. */
export function lockRunFolder(dir: string, command: string): RunLock {
  try {
    const lock = acquireRunLock(dir, command);
    if (lock.tookOver) {
      const { pid, command: theirs, since } = lock.tookOver;
      console.error(`harness: ${relative(process.cwd(), dir) || '.'}: ${theirs} (pid ${pid}, since ${since}) is no longer running; its lock is taken over`);
    }
    return lock;
  } catch (e) {
    if (e instanceof RunLockedError) exitWithUsageError(e.message);
    throw e;
  }
}
