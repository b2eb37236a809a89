import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { runFiles } from './files.ts';

/** Who holds a run folder's lock: enough to tell whether it still runs, and for a person to find it. */
export interface LockHolder {
  pid: number;
  host: string;
  /** What the holder is doing (`harness run`, `harness merge`, …). */
  command: string;
  since: string;
  /** Tells one holder from another that got the same pid later. */
  token: string;
}

/** The folder is being written by another live process (or one on another host, which cannot be checked). */
export class RunLockedError extends Error {
  override name = 'RunLockedError';
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | null,
  ) {
    const file = runFiles(dir).lock;
    const who = holder
      ? `pid ${holder.pid} on ${holder.host === hostname() ? 'this host' : `host ${holder.host}`}, ${holder.command}, since ${holder.since}`
      : 'a process that is starting';
    super(`${dir} is in use by another harness process (${who}); wait for it to finish, or, if it is no longer running, remove ${file}`);
  }
}

export interface RunLock {
  dir: string;
  /** The holder of a lock left by a process that died, which this lock replaced. */
  tookOver: LockHolder | null;
  release(): void;
}

/**
 * Takes the run folder's lock (`run.lock`, created exclusively, holding this process's pid and host): one
 * writer per folder. A lock left by a process of this host that no longer runs is taken over; one held by a
 * live process, or by a process of another host, throws RunLockedError. Released on `release()` or when the
 * process exits.
 */
export function acquireRunLock(dir: string, command: string): RunLock {
  const file = runFiles(dir).lock;
  const me: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  let tookOver: LockHolder | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(file, JSON.stringify(me) + '\n')) {
      const release = () => {
        process.off('exit', release);
        if (readHolder(file)?.token === me.token) rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { dir, tookOver, release };
    }
    const holder = readHolder(file);
    if (!holder || isLive(holder)) throw new RunLockedError(dir, holder);
    if (removeStale(file, holder)) tookOver = holder;
  }
  throw new RunLockedError(dir, readHolder(file));
}

/** The live holder of a folder's lock, or null when it is free (no lock, or a stale one). */
export function liveHolder(dir: string): LockHolder | null {
  const holder = readHolder(runFiles(dir).lock);
  return holder && isLive(holder) ? holder : null;
}

function createExclusive(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' && typeof holder.token === 'string' ? holder : null;
  } catch {
    return null;
  }
}

/** A holder on another host cannot be checked, so it counts as live. */
function isLive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(holder.pid);
}

/** A killed process whose parent has not yet collected it still answers to its pid (Linux: state Z). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/**
 * Removes a stale lock, unless another process got there first. Taking over is itself guarded by a file
 * named after the stale holder, created exclusively, so two processes that both found the same stale lock
 * cannot both remove it (the second would remove the first one's fresh lock).
 */
function removeStale(file: string, stale: LockHolder): boolean {
  const guard = `${file}.takeover-${stale.token}`;
  if (!createExclusive(guard, `${process.pid}\n`)) return false;
  try {
    if (readHolder(file)?.token !== stale.token) return false;
    unlinkSync(file);
    return true;
  } finally {
    unlinkSync(guard);
  }
}
