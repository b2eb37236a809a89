/**
 * The Slurm path of docs/distributed.md, as a user takes it: docs/examples/slurm-shards.sh submitted as a job
 * array to a real one-node Slurm (Debian's slurm-wlm, started here by hand), one task cancelled and resubmitted
 * alone, then docs/examples/slurm-merge.sh as a dependent job; the merged summary must equal an unsharded run's.
 *
 * That part needs root and Slurm installed (`.ci/run` installs it); elsewhere it is skipped with the reason,
 * and HARNESS_SKIP_SLURM=1 skips it on purpose. In CI a missing Slurm fails the test instead.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparable, fixture, harnessProcess, readEpisodes, repoRoot, tempDir, writeSuite } from '../helpers.ts';

const shardScript = join(repoRoot, 'docs/examples/slurm-shards.sh');
const mergeScript = join(repoRoot, 'docs/examples/slurm-merge.sh');

/** The corridor fixture, slowed so that a task is still running when it is cancelled. */
function corridorSuite(dir: string, stepDelayMs: number, episodes = 16): string {
  return writeSuite(
    dir,
    [
      'name: slurm-corridor',
      'seeds: [1]',
      'envs:',
      `  - use: ${fixture('corridor-env.ts')}`,
      `    options: { episodes: ${episodes}, stepDelayMs: ${stepDelayMs} }`,
      '    splits: { train: {}, seen: {}, unseen: {} }',
      'agents: [random, oracle]',
    ].join('\n'),
  );
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);

async function waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('what a cancelled Slurm task relies on', () => {
  it('stops a run with worker threads at once on SIGTERM, keeping finished episodes and writing its summary', async () => {
    const dir = tempDir();
    // Random-agent episodes take seconds here: a run that waited for the episodes in flight would take long.
    const suite = corridorSuite(dir, 300, 24);
    const out = join(dir, 'run');
    const child = harnessProcess(['run', suite, '--out', out, '--quiet', '--workers', '2']);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    await waitFor(() => lines(join(out, 'episodes.jsonl')) >= 2, 60_000, 'two finished episodes');
    const kept = lines(join(out, 'episodes.jsonl'));
    const sent = Date.now();
    child.kill('SIGTERM');
    const code = await exited(child);
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(code).toBe(130);
    expect(stdout).toMatch(/Interrupted\. Continue with: harness run --resume /);
    const records = readEpisodes(out);
    expect(records.length).toBeGreaterThanOrEqual(kept);
    expect(records.length).toBeLessThan(96);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.rows.reduce((n: number, row: { episodes: number }) => n + row.episodes, 0)).toBe(records.length);
  });

  it('takes the shard count from the array declared in the script, not from the submission', () => {
    const dir = tempDir();
    const suite = corridorSuite(dir, 0, 4);
    const run = (env: Record<string, string>) =>
      spawnSync('bash', [shardScript, suite], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, RUN: join(dir, 'shards'), SHARDS: '', ...env } });
    // `sbatch --array=3` alone: Slurm says the submission has one task.
    const alone = run({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '1', SLURM_JOB_ID: '1' });
    expect(alone.stderr).toBe('');
    expect(alone.status).toBe(0);
    expect(alone.stdout).toMatch(/shard 3\/8 of /);
    const manifest = JSON.parse(readFileSync(join(dir, 'shards', 'shard-3', 'manifest.json'), 'utf8'));
    expect(manifest.selection.shard).toBe('3/8');
    // A task beyond the declared range needs SHARDS, and says so.
    const beyond = run({ SLURM_ARRAY_TASK_ID: '9', SLURM_JOB_ID: '2' });
    expect(beyond.status).toBe(2);
    expect(beyond.stderr).toMatch(/task 9 has no shard among 8: set SHARDS/);
    const counted = run({ SLURM_ARRAY_TASK_ID: '9', SLURM_JOB_ID: '3', SHARDS: '12' });
    expect(counted.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'shards', 'shard-9', 'manifest.json'), 'utf8')).selection.shard).toBe('9/12');
  });
});

const SKIP_VARIABLE = 'HARNESS_SKIP_SLURM';
const SLURM_COMMANDS = ['munged', 'mungekey', 'slurmctld', 'slurmd', 'sbatch', 'scancel', 'scontrol', 'sinfo'];

/** The daemons live in sbin, which a root shell has on its PATH and other environments may not. */
const withSbin: NodeJS.ProcessEnv = { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` };

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { env: withSbin }).status === 0;
}

/** Why the real-Slurm test cannot run here, or null when it can. */
function slurmUnavailable(): string | null {
  if (process.env[SKIP_VARIABLE]) return `${SKIP_VARIABLE} is set`;
  if (process.platform !== 'linux') return 'Slurm runs on Linux only';
  if (process.getuid?.() !== 0) return 'starting slurmd takes root';
  const missing = SLURM_COMMANDS.filter((c) => !onPath(c));
  if (missing.length) return `Slurm is not installed (no ${missing.join(', ')}): apt-get install slurm-wlm munge, as .ci/run does`;
  return null;
}

interface Cluster {
  dir: string;
  env: NodeJS.ProcessEnv;
  daemons: ChildProcess[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function idOf(user: string, flag: '-u' | '-g'): number {
  return Number(spawnSync('id', [flag, user], { encoding: 'utf8' }).stdout.trim());
}

/**
 * A one-node cluster in a folder of its own: its own munge key and socket, its own ports and state, so it
 * meets no Slurm or munge already on the machine. The node offers 8 CPUs (the tasks mostly sleep) so that
 * the whole array runs at once. Daemons run in the foreground, as children of this test, which stops them.
 */
async function startCluster(): Promise<Cluster> {
  const dir = tempDir('harness-slurm-');
  chmodSync(dir, 0o755);
  const munge = join(dir, 'munge');
  mkdirSync(munge, { mode: 0o755 });
  const uid = idOf('munge', '-u'),
    gid = idOf('munge', '-g');
  chownSync(munge, uid, gid);
  const key = join(munge, 'munge.key');
  const created = spawnSync('mungekey', ['--create', `--keyfile=${key}`], { encoding: 'utf8', env: withSbin });
  if (created.status !== 0) throw new Error(`mungekey failed: ${created.stderr}`);
  chownSync(key, uid, gid);
  chmodSync(key, 0o600);
  const socket = join(munge, 'munge.socket');
  const daemons: ChildProcess[] = [];
  const env = { ...withSbin, SLURM_CONF: join(dir, 'slurm.conf') };
  const start = (command: string, args: string[], options: { uid?: number; gid?: number } = {}) => {
    const log = join(dir, `${command}.out`);
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stdout?.on('data', (chunk) => writeFileSync(log, chunk, { flag: 'a' }));
    child.stderr?.on('data', (chunk) => writeFileSync(log, chunk, { flag: 'a' }));
    daemons.push(child);
  };
  start(
    'munged',
    [
      '--foreground',
      `--socket=${socket}`,
      `--key-file=${key}`,
      `--pid-file=${munge}/munged.pid`,
      `--log-file=${munge}/munged.log`,
      `--seed-file=${munge}/munged.seed`,
    ],
    { uid, gid },
  );
  const cluster = { dir, env, daemons };
  try {
    await waitFor(() => existsSync(socket), 10_000, `munged (${join(dir, 'munged.out')})`);
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    const memoryMb = Math.floor((totalmem() / 2 ** 20) * 0.8);
    writeFileSync(
      join(dir, 'slurm.conf'),
      [
        'ClusterName=harnessci',
        'SlurmctldHost=localhost',
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        'SlurmUser=root',
        'AuthType=auth/munge',
        `AuthInfo=socket=${socket}`,
        `StateSaveLocation=${dir}/state`,
        `SlurmdSpoolDir=${dir}/spool`,
        `SlurmctldPidFile=${dir}/slurmctld.pid`,
        `SlurmdPidFile=${dir}/slurmd.pid`,
        `SlurmctldLogFile=${dir}/slurmctld.log`,
        `SlurmdLogFile=${dir}/slurmd.log`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'JobAcctGatherType=jobacct_gather/none',
        'AccountingStorageType=accounting_storage/none',
        'MpiDefault=none',
        'MailProg=/bin/true',
        'ReturnToService=2',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core',
        'SlurmdParameters=config_overrides',
        `NodeName=localhost NodeAddr=127.0.0.1 CPUs=8 RealMemory=${memoryMb} State=UNKNOWN`,
        'PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP',
        '',
      ].join('\n'),
    );
    start('slurmctld', ['-D', '-f', join(dir, 'slurm.conf')]);
    start('slurmd', ['-D', '-f', join(dir, 'slurm.conf'), '-N', 'localhost']);
    await waitFor(
      () => /^idle/.test(spawnSync('sinfo', ['-h', '-N', '-o', '%T'], { encoding: 'utf8', env: cluster.env }).stdout ?? ''),
      30_000,
      `an idle node (${dir}/slurmctld.log, ${dir}/slurmd.log)`,
    );
  } catch (e) {
    await stopCluster(cluster);
    throw e;
  }
  return cluster;
}

async function stopCluster(cluster: Cluster): Promise<void> {
  for (const daemon of [...cluster.daemons].reverse()) {
    daemon.kill('SIGTERM');
    const stopped = await Promise.race([exited(daemon).then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) daemon.kill('SIGKILL');
  }
}

const unavailable = slurmUnavailable();
const mustRun = process.env.CI === 'true' && !process.env[SKIP_VARIABLE];
if (unavailable && !mustRun) console.warn(`Skipping the test on a real Slurm: ${unavailable}.`);

describe.skipIf(unavailable !== null && !mustRun)(`the Slurm job array on a one-node Slurm${unavailable ? ` (${unavailable})` : ''}`, () => {
  let cluster: Cluster;
  const jobs: string[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    if (unavailable) throw new Error(`CI must run the Slurm test: ${unavailable}`);
    cluster = await startCluster();
  }, 60_000);

  afterAll(async () => {
    if (!cluster) return;
    // Nothing of ours may outlive the test: cancel what is left, let it stop, then stop the daemons.
    if (jobs.length) spawnSync('scancel', jobs, { env: cluster.env });
    await waitFor(() => spawnSync('squeue', ['-h'], { encoding: 'utf8', env: cluster.env }).stdout.trim() === '', 30_000, 'an empty queue').catch(() => {});
    await stopCluster(cluster);
    for (const log of logs) rmSync(log, { force: true });
    rmSync(cluster.dir, { recursive: true, force: true });
  }, 60_000);

  function slurm(command: string, args: string[], env: NodeJS.ProcessEnv = cluster.env): string {
    const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', env });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  }

  function sbatch(args: string[], env: NodeJS.ProcessEnv): string {
    const id = slurm('sbatch', ['--parsable', ...args], env)
      .trim()
      .split(';')[0];
    jobs.push(id);
    return id;
  }

  function job(id: string): { state: string; reason: string } {
    const text = slurm('scontrol', ['show', 'job', id]);
    return { state: /JobState=(\S+)/.exec(text)?.[1] ?? '?', reason: /Reason=(\S+)/.exec(text)?.[1] ?? '?' };
  }

  it('runs the documented scripts: a cancelled task stops at once and, resubmitted alone, finishes; the merge equals an unsharded run', async () => {
    const work = tempDir('harness-slurm-run-');
    const suite = corridorSuite(work, 120);
    const name = `harness-ci-${process.pid}`;
    const taskLog = (i: number) => join(repoRoot, 'results', `${name}-${i}.log`);
    logs.push(...Array.from({ length: 8 }, (_, i) => taskLog(i)), join(repoRoot, 'results', `${name}-merge.log`));
    const env = { ...cluster.env, RUN: join(work, 'shards'), OUT: join(work, 'merged') };

    const whole = harnessProcess(['run', suite, '--out', join(work, 'whole'), '--quiet', '--workers', '8']);
    // As documented, with one CPU per task so that the 8 tasks share the node's 8 CPUs.
    const array = sbatch(['--job-name', name, '--cpus-per-task=1', shardScript, suite], env);
    const firstMerge = sbatch(['--job-name', `${name}-merge`, `--dependency=afterok:${array}`, mergeScript, suite], env);

    const shard3 = join(work, 'shards', 'shard-3');
    await waitFor(() => lines(join(shard3, 'episodes.jsonl')) >= 2, 120_000, 'task 3 to finish two episodes');
    const kept = lines(join(shard3, 'episodes.jsonl'));
    const cancelled = Date.now();
    slurm('scancel', [`${array}_3`]);
    await waitFor(() => !['RUNNING', 'COMPLETING'].includes(job(`${array}_3`).state), 30_000, 'task 3 to stop');
    expect(Date.now() - cancelled).toBeLessThan(10_000);
    expect(job(`${array}_3`).state).toBe('CANCELLED');
    const partial = readEpisodes(shard3);
    expect(partial.length).toBeGreaterThanOrEqual(kept);
    expect(partial.length).toBeLessThan(64 / 8);
    const summary = JSON.parse(readFileSync(join(shard3, 'summary.json'), 'utf8'));
    expect(summary.rows.reduce((n: number, row: { episodes: number }) => n + row.episodes, 0)).toBe(partial.length);
    expect(readFileSync(taskLog(3), 'utf8')).toMatch(/Interrupted\. Continue with: harness run --resume /);

    // The merge that waited for the whole array can never start now; Slurm leaves it pending.
    await waitFor(() => job(firstMerge).reason === 'DependencyNeverSatisfied', 120_000, 'the first merge to be stuck');
    slurm('scancel', [firstMerge]);

    const again = sbatch(['--job-name', name, '--cpus-per-task=1', '--array=3', shardScript, suite], env);
    const merge = sbatch(['--job-name', `${name}-merge`, `--dependency=afterany:${array},afterok:${again}`, mergeScript, suite], env);
    await waitFor(() => ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL'].includes(job(merge).state), 240_000, 'the merge');
    const mergeLog = readFileSync(join(repoRoot, 'results', `${name}-merge.log`), 'utf8');
    expect(job(merge).state, mergeLog).toBe('COMPLETED');
    expect(job(`${again}_3`).state).toBe('COMPLETED');
    for (let i = 0; i < 8; i++) if (i !== 3) expect(job(`${array}_${i}`).state).toBe('COMPLETED');

    // Both attempts of task 3 in one log, each on shard 3 of the 8 the script declares.
    expect(readFileSync(taskLog(3), 'utf8').match(/^== .* shard 3\/8 of /gm)).toHaveLength(2);
    expect(mergeLog).toMatch(/Merged 8 shards into /);

    expect(await exited(whole)).toBe(0);
    expect(readFileSync(join(work, 'merged', 'summary.json'), 'utf8')).toBe(readFileSync(join(work, 'whole', 'summary.json'), 'utf8'));
    expect(comparable(readEpisodes(join(work, 'merged')))).toEqual(comparable(readEpisodes(join(work, 'whole'))));
  }, 420_000);
});
