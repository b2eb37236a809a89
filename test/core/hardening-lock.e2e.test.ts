import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireRunLock, RunLockedError } from '../../harness/store/lock.ts';
import { fixture, harness, harnessProcess, readEpisodes, tempDir, writeSuite } from '../helpers.ts';

const corridor = fixture('corridor-env.ts');

/** A suite slow enough (a few seconds) for a second process to meet the first one still running. */
function slowSuite(dir: string): string {
  return writeSuite(
    dir,
    [
      'name: locked',
      'envs:',
      `  - use: ${corridor}`,
      '    options: { episodes: 6, stepDelayMs: 15 }',
      '    splits: { train: {}, seen: {}, unseen: {} }',
      'agents: [random]',
    ].join('\n'),
  );
}

function exited(child: ReturnType<typeof harnessProcess>): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() - started > 30_000) throw new Error(`timed out waiting for ${what}`);
  }
}

const keys = (dir: string) => readEpisodes(dir).map((r) => JSON.stringify([r.env, r.split, r.agent, r.seed, r.episode]));

/** A pid that no process has any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeLock(dir: string, holder: { pid: number; host: string }) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'run.lock'), JSON.stringify({ ...holder, command: 'harness run', since: '2026-01-01T00:00:00.000Z', token: 'abc' }));
}

describe('the run-folder lock', () => {
  it('lets one of two runs started at once into one --out write, and stops the other having written nothing', async () => {
    const dir = tempDir();
    const suite = slowSuite(dir);
    const out = join(dir, 'run');
    const runs = await Promise.all([0, 1].map(() => exited(harnessProcess(['run', suite, '--out', out, '--quiet', '--workers', '0']))));
    expect(runs.map((r) => r.code).sort()).toEqual([0, 2]);
    const loser = runs.find((r) => r.code === 2)!;
    expect(loser.stderr.trim()).toMatch(/^harness: .*run (is in use by another harness process \(pid \d+ on this host, harness run|already holds a run)/);
    expect(keys(out)).toHaveLength(12);
    expect(new Set(keys(out)).size).toBe(12);
    expect(existsSync(join(out, 'run.lock'))).toBe(false);
  });

  it('stops a second --resume of a folder that is being resumed', async () => {
    const dir = tempDir();
    const suite = slowSuite(dir);
    const out = join(dir, 'run');
    expect(harness(['run', suite, '--out', out, '--quiet', '--workers', '0', '--limit', '1']).code).toBe(0);
    // Widen the run to every episode (the suite copy has no limit; the manifest's selection has one).
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...manifest, selection: { ...manifest.selection, limit: null } }));
    const log = join(out, 'episodes.jsonl');
    const logged = readEpisodes(out).length;
    const first = harnessProcess(['run', '--resume', out, '--quiet', '--workers', '0']);
    const firstDone = exited(first);
    await until(() => readFileSync(log, 'utf8').split('\n').filter(Boolean).length > logged, 'the first resume to log an episode');
    const before = readFileSync(log, 'utf8');
    const second = harness(['run', '--resume', out, '--quiet', '--workers', '0']);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`is in use by another harness process (pid ${first.pid} on this host, harness run --resume`);
    expect(readFileSync(log, 'utf8').startsWith(before)).toBe(true);
    expect((await firstDone).code).toBe(0);
    expect(keys(out)).toHaveLength(12);
    expect(new Set(keys(out)).size).toBe(12);
  });

  it('takes over a lock left by a process of this host that no longer runs, and says so', () => {
    const dir = tempDir();
    const suite = slowSuite(dir);
    const out = join(dir, 'run');
    expect(harness(['run', suite, '--out', out, '--quiet', '--workers', '0', '--limit', '1']).code).toBe(0);
    const pid = deadPid();
    writeLock(out, { pid, host: hostname() });
    const resumed = harness(['run', '--resume', out, '--quiet']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`harness run \\(pid ${pid}, since 2026-01-01T00:00:00.000Z\\) is no longer running; its lock is taken over`));
    expect(existsSync(join(out, 'run.lock'))).toBe(false);
  });

  it('leaves alone a lock held on another host, which it cannot check', () => {
    const dir = tempDir();
    const suite = slowSuite(dir);
    const out = join(dir, 'run');
    expect(harness(['run', suite, '--out', out, '--quiet', '--workers', '0', '--limit', '1']).code).toBe(0);
    writeLock(out, { pid: 4242, host: 'elsewhere' });
    const resumed = harness(['run', '--resume', out, '--quiet']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/pid 4242 on host elsewhere, harness run.*if it is no longer running, remove .*run\.lock/);
  });

  it('makes merge refuse a shard still being written, while report reads a live run as far as it has got', () => {
    const dir = tempDir();
    const suite = slowSuite(dir);
    const shards = [0, 1].map((i) => {
      const out = join(dir, `shard-${i}`);
      expect(harness(['run', suite, '--out', out, '--quiet', '--workers', '0', '--shard', `${i}/2`]).code).toBe(0);
      return out;
    });
    // This test's own process stands for the live writer.
    writeLock(shards[1], { pid: process.pid, host: hostname() });
    const merged = harness(['merge', ...shards, '--out', join(dir, 'merged')]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toMatch(/shard-1 is still being written \(harness run, pid \d+ on host .*\); merge it once it has finished/);
    expect(existsSync(join(dir, 'merged'))).toBe(false);

    const reported = harness(['report', shards[1]]);
    expect(reported.code).toBe(0);
    expect(reported.stderr).toMatch(/shard-1 is still being written \(harness run, pid \d+\); reporting the episodes finished so far/);
    expect(existsSync(join(shards[1], 'run.lock'))).toBe(true);
  });
});

describe('acquireRunLock', () => {
  it('gives a folder to one holder at a time', () => {
    const dir = tempDir();
    const lock = acquireRunLock(dir, 'test');
    expect(() => acquireRunLock(dir, 'test again')).toThrow(RunLockedError);
    lock.release();
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
    acquireRunLock(dir, 'test again').release();
  });

  it('never removes a lock that another holder has taken since', () => {
    const dir = tempDir();
    const lock = acquireRunLock(dir, 'test');
    writeLock(dir, { pid: process.pid, host: hostname() });
    lock.release();
    expect(existsSync(join(dir, 'run.lock'))).toBe(true);
  });
});
