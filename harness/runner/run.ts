import { setMaxListeners } from 'node:events';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TrainingEvent } from '../api.ts';
import { type LoadedSuite, loadSuite } from '../spec/load.ts';
import { EpisodeLog, episodeKey } from '../store/episode-log.ts';
import { type RunFiles, runFiles, writeJsonAtomic } from '../store/files.ts';
import { buildManifest, type Manifest } from '../store/manifest.ts';
import { TokenCounter } from '../tokens/counter.ts';
import { tokenizer } from '../tokens/tokenizers.ts';
import { type EpisodeJob, failedRecord, runEpisode } from './episode.ts';
import { GroupProgress, Window } from './in-flight.ts';
import { type AgentUnit, planRun, type Selection } from './plan.ts';
import { EpisodePool } from './pool.ts';
import { type PreparedAgent, prepareAgent } from './prepare-agent.ts';
import { createProgress, type ProgressDisplay } from './progress.ts';
import { taskBase } from './protocol.ts';
import { InterruptedError } from './timeout.ts';

/** A run that cannot start as asked (e.g. its folder already holds another run); the CLI exits 2. */
export class RunSetupError extends Error {
  override name = 'RunSetupError';
}

export interface RunOptions {
  /** The run folder: created for a new run, reopened with `resume`. */
  dir: string;
  /** Continue the run in `dir`: finished episodes are kept and skipped, checkpoints reused. */
  resume?: boolean;
  /** With `resume`: run again the episodes that ended in an error. */
  retryErrors?: boolean;
  selection?: Selection;
  quiet?: boolean;
  progress?: ProgressDisplay;
  /** Aborting stops the run after the current step; finished episodes are kept. */
  signal?: AbortSignal;
  harnessVersion?: string;
  /** Worker threads for evaluation episodes; 0 runs them on this thread. */
  workers?: number;
  /** Heap limit per worker (MB): a plugin that exceeds it fails its episode, not the run. */
  workerMemoryMb?: number;
}

export interface RunOutcome {
  dir: string;
  /** Episodes run by this call. */
  ran: number;
  interrupted: boolean;
}

/**
 * Runs a suite into a run folder: for each seed × env × agent, train (or load) the agent, then run every
 * evaluation episode not already in the log, appending each record as it finishes. The summary and reports
 * are made afterwards from the log (`finishRun`). With workers, units run side by side: agents that can save
 * train on workers, and each unit's episodes start as soon as its agent is ready.
 */
export async function runSuite(loaded: LoadedSuite, options: RunOptions): Promise<RunOutcome> {
  const files = runFiles(options.dir);
  const progress = options.progress ?? createProgress({ quiet: options.quiet ?? false });
  const manifest = options.resume ? readManifest(files) : startRun(files, loaded, options);
  const selection = options.resume ? selectionFromManifest(manifest) : (options.selection ?? {});
  const log = await EpisodeLog.open(files.episodes);
  if (options.retryErrors) for (const [key, state] of log.finished) if (state.error) log.finished.delete(key);

  const counter = new TokenCounter(tokenizer(loaded.spec.tokenizer));
  const units = await planRun(loaded, selection);
  const recordRuntime = (facts: Record<string, string>) => {
    const changed = Object.entries(facts).some(([k, v]) => manifest.runtime[k] !== v);
    if (!changed) return;
    Object.assign(manifest.runtime, facts);
    manifest.backend = manifest.runtime.backend ?? manifest.backend;
    writeJsonAtomic(files.manifest, manifest);
  };
  const logTraining = (event: TrainingEvent & { env: string; agent: string; seed: number }) => appendFileSync(files.training, JSON.stringify(event) + '\n');

  // Every task on a worker listens for the stop signal while it runs; with units side by side, many do at once.
  if (options.signal) setMaxListeners(0, options.signal);
  const longest = Math.max(...loaded.spec.envs.map((e) => e.stepLimit));
  const pool = options.workers
    ? new EpisodePool(options.workers, { stepTimeoutMs: loaded.spec.stepTimeoutMs, stepLimit: longest }, options.workerMemoryMb)
    : null;
  // Stopping ends the episodes running on workers at once (they are not logged) instead of waiting for them.
  options.signal?.addEventListener('abort', () => void pool?.close(), { once: true });
  // Enough episodes in flight to keep every worker busy, few enough to keep memory bounded on huge runs.
  const inFlight = new Window(pool ? pool.size * 4 : 1);
  const groups = new GroupProgress(progress);
  // Agents that live on this thread (no pool, or an agent that cannot save) train and act one unit at a time.
  const mainThread = new Window(1);

  let ran = 0;
  const runUnit = async (unit: AgentUnit): Promise<void> => {
    if (options.signal?.aborted) return;
    const pending = unit.evals.map(({ split, episodes }) => ({
      split,
      episodes: episodes.filter((episode) => !log.has(episodeKey({ ...jobOf(unit, split.name, episode), episode: episode.id }))),
    }));
    if (pending.every((p) => p.episodes.length === 0)) return;
    const settings = { tokenizer: loaded.spec.tokenizer, stepLimit: unit.env.stepLimit, stepTimeoutMs: loaded.spec.stepTimeoutMs };

    let prepared: PreparedAgent;
    try {
      prepared = await prepareAgent(unit, {
        files,
        counter,
        baseDir: loaded.baseDir,
        progress,
        logTraining,
        recordRuntime,
        pool,
        settings,
        signal: options.signal,
      });
    } catch (e) {
      // Stopping cuts a training short: nothing is recorded, and a resumed run trains the agent again.
      if (options.signal?.aborted) return;
      // The agent cannot act: every episode it owed fails with the reason, and the run goes on.
      const reason = `agent setup: ${e instanceof Error ? e.message : String(e)}`;
      logTraining({ phase: 'error', message: reason, env: unit.env.id, agent: unit.agent.id, seed: unit.seed });
      progress.log(`✗ ${unit.agent.id} on ${unit.env.id}: ${reason}`);
      for (const { split, episodes } of pending) for (const episode of episodes) log.append(failedRecord(jobOf(unit, split.name, episode), reason));
      return;
    }
    // Workers rebuild the agent from its checkpoint; an agent trained here without one stays here.
    const local = prepared.agent !== null && (pool === null || (prepared.how !== 'untrained' && prepared.checkpoint === null));
    if (!local) await prepared.agent?.dispose?.();

    const finished: Promise<void>[] = [];
    for (const { split, episodes } of pending) {
      const group = groups.open(
        `${unit.env.id}:${unit.agent.id}:${split.name}:${unit.seed}`,
        `${unit.agent.id} · ${unit.env.id} · ${split.name}${loaded.spec.seeds.length > 1 ? ` · seed ${unit.seed}` : ''}`,
        episodes.length,
      );
      for (const episode of episodes) {
        if (options.signal?.aborted) break;
        const job = jobOf(unit, split.name, episode);
        const task = async () => {
          const record = local
            ? await runEpisode(job, {
                envPlugin: unit.envPlugin.plugin,
                envOptions: unit.env.options,
                agent: prepared.agent!,
                privileged: unit.agentPlugin.plugin.privileged ?? false,
                counter,
                stepLimit: unit.env.stepLimit,
                stepTimeoutMs: loaded.spec.stepTimeoutMs,
                signal: options.signal,
              })
            : await pool!.run({ ...taskBase(unit, settings, prepared.checkpoint), job }, (reason) => failedRecord(job, reason), options.signal);
          // Once stopping, a worker's episode is dropped where it stands: only whole episodes are logged.
          if (!local && options.signal?.aborted) return;
          log.append(record);
          ran++;
          group.finished(record.success);
        };
        finished.push((await inFlight.add(task)).finished);
      }
    }
    await Promise.all(finished);
    if (local) await prepared.agent!.dispose?.();
  };

  let interrupted = false;
  try {
    // A unit whose agent may live on this thread holds the main thread from its training to its last episode.
    const outcomes = await Promise.allSettled(
      units.map((unit) => (pool ? runUnit(unit) : mainThread.add(() => runUnit(unit)).then(({ finished }) => finished))),
    );
    await mainThread.drain();
    await inFlight.drain();
    const failure = outcomes.find((o) => o.status === 'rejected');
    if (failure) throw failure.reason;
  } catch (e) {
    if (!(e instanceof InterruptedError)) throw e;
    interrupted = true;
  } finally {
    await pool?.close();
    log.close();
    progress.stop();
  }
  interrupted ||= options.signal?.aborted ?? false;
  return { dir: files.dir, ran, interrupted };
}

function jobOf(unit: AgentUnit, split: string, episode: EpisodeJob['episode']): EpisodeJob {
  return { env: unit.env.id, split, episode, seed: unit.seed, agent: unit.agent.id };
}

function startRun(files: RunFiles, loaded: LoadedSuite, options: RunOptions): Manifest {
  if (existsSync(files.manifest)) {
    throw new RunSetupError(`${files.dir} already holds a run; resume it with --resume ${files.dir}, or choose another --out`);
  }
  mkdirSync(files.dir, { recursive: true });
  const selection = options.selection ?? {};
  const manifest = buildManifest(
    files.dir.split('/').filter(Boolean).at(-1) ?? 'run',
    loaded,
    {
      limit: selection.limit ?? null,
      only: (selection.only as Record<string, string[]> | undefined) ?? null,
      shard: selection.shard ? `${selection.shard.index}/${selection.shard.count}` : null,
    },
    options.harnessVersion ?? '0.0.0',
  );
  writeFileSync(files.suite, loaded.text);
  writeJsonAtomic(files.manifest, manifest);
  return manifest;
}

/**
 * The suite of an existing run, from the run's own copy (later edits of the original cannot change a resumed
 * run), with relative plugin paths resolved against the original suite's folder.
 */
export function loadRunSuite(dir: string): Promise<LoadedSuite> {
  const files = runFiles(dir);
  const manifest = readManifest(files);
  return loadSuite(manifest.suiteFile, { text: readFileSync(files.suite, 'utf8'), baseDir: dirname(manifest.suiteFile) });
}

export function readManifest(files: RunFiles): Manifest {
  if (!existsSync(files.manifest)) throw new RunSetupError(`${files.dir} is not a run folder (no manifest.json)`);
  try {
    return JSON.parse(readFileSync(files.manifest, 'utf8')) as Manifest;
  } catch (e) {
    throw new RunSetupError(`${files.manifest} cannot be read, so the run folder cannot be used: ${(e as Error).message}`);
  }
}

function selectionFromManifest(manifest: Manifest): Selection {
  const { limit, only, shard } = manifest.selection;
  const [index, count] = shard ? shard.split('/').map(Number) : [];
  return {
    ...(limit !== null ? { limit } : {}),
    ...(only ? { only } : {}),
    ...(shard ? { shard: { index, count } } : {}),
  };
}
