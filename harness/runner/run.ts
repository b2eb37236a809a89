import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Summary, TrainingEvent } from '../api.ts';
import { openRun } from '../report/open-run.ts';
import { type LoadedSuite, loadSuite } from '../spec/load.ts';
import { summarizeRunLog } from '../stats/run-summary.ts';
import { EpisodeLog, episodeKey } from '../store/episode-log.ts';
import { type RunFiles, runFiles, writeFileAtomic, writeJsonAtomic } from '../store/files.ts';
import { buildManifest, type Manifest } from '../store/manifest.ts';
import { TokenCounter } from '../tokens/counter.ts';
import { loadTokenizer } from '../tokens/tokenizers.ts';
import { type EpisodeJob, failedRecord, runEpisode } from './episode.ts';
import { GroupProgress, Window } from './in-flight.ts';
import { type AgentUnit, planRun, type Selection } from './plan.ts';
import { EpisodePool } from './pool.ts';
import { prepareAgent } from './prepare-agent.ts';
import { createProgress, type ProgressDisplay } from './progress.ts';
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
  summary: Summary;
  /** Episodes in the log (this run and, when resumed, earlier ones). */
  episodes: number;
  /** Episodes in the log that ended in an error. */
  errors: number;
  /** Episodes run by this call. */
  ran: number;
  interrupted: boolean;
  reports: string[];
}

/**
 * Runs a suite into a run folder: for each seed × env × agent, train (or load) the agent, then run every
 * evaluation episode not already in the log, appending each record as it finishes; then summarise and report.
 */
export async function runSuite(loaded: LoadedSuite, options: RunOptions): Promise<RunOutcome> {
  const files = runFiles(options.dir);
  const progress = options.progress ?? createProgress({ quiet: options.quiet ?? false });
  const manifest = options.resume ? readManifest(files) : startRun(files, loaded, options);
  const selection = options.resume ? selectionFromManifest(manifest) : (options.selection ?? {});
  const log = await EpisodeLog.open(files.episodes);
  if (options.retryErrors) for (const [key, state] of log.finished) if (state.error) log.finished.delete(key);

  const counter = new TokenCounter(await loadTokenizer(loaded.spec.tokenizer));
  const units = await planRun(loaded, selection);
  const recordRuntime = (facts: Record<string, string>) => {
    const changed = Object.entries(facts).some(([k, v]) => manifest.runtime[k] !== v);
    if (!changed) return;
    Object.assign(manifest.runtime, facts);
    manifest.backend = manifest.runtime.backend ?? manifest.backend;
    writeJsonAtomic(files.manifest, manifest);
  };
  const logTraining = (event: TrainingEvent & { env: string; agent: string; seed: number }) => appendFileSync(files.training, JSON.stringify(event) + '\n');

  const longest = Math.max(...loaded.spec.envs.map((e) => e.stepLimit));
  const pool = options.workers
    ? new EpisodePool(options.workers, { stepTimeoutMs: loaded.spec.stepTimeoutMs, stepLimit: longest }, options.workerMemoryMb)
    : null;
  // Enough episodes in flight to keep every worker busy, few enough to keep memory bounded on huge runs.
  const inFlight = new Window(pool ? pool.size * 4 : 1);
  const groups = new GroupProgress(progress);

  let ran = 0;
  let interrupted = false;
  try {
    for (const unit of units) {
      if (options.signal?.aborted) break;
      const pending = unit.evals.map(({ split, episodes }) => ({
        split,
        episodes: episodes.filter((episode) => !log.has(episodeKey({ ...jobOf(unit, split.name, episode), episode: episode.id }))),
      }));
      if (pending.every((p) => p.episodes.length === 0)) continue;
      const settings = { tokenizer: loaded.spec.tokenizer, stepLimit: unit.env.stepLimit, stepTimeoutMs: loaded.spec.stepTimeoutMs };

      let prepared: Awaited<ReturnType<typeof prepareAgent>>;
      try {
        prepared = await prepareAgent(unit, {
          files,
          counter,
          stepLimit: unit.env.stepLimit,
          baseDir: loaded.baseDir,
          progress,
          logTraining,
          recordRuntime,
          pool,
          settings,
        });
      } catch (e) {
        // The agent cannot act: every episode it owed fails with the reason, and the run goes on.
        const reason = `agent setup: ${e instanceof Error ? e.message : String(e)}`;
        logTraining({ phase: 'error', message: reason, env: unit.env.id, agent: unit.agent.id, seed: unit.seed });
        progress.log(`✗ ${unit.agent.id} on ${unit.env.id}: ${reason}`);
        for (const { split, episodes } of pending) for (const episode of episodes) log.append(failedRecord(jobOf(unit, split.name, episode), reason));
        continue;
      }
      // Workers rebuild the agent from its checkpoint; an agent trained here without one stays here.
      const remote = pool !== null && (prepared.how === 'untrained' || prepared.checkpoint !== null);
      if (remote) await prepared.agent.dispose?.();

      for (const { split, episodes } of pending) {
        const group = groups.open(
          `${unit.env.id}:${unit.agent.id}:${split.name}:${unit.seed}`,
          `${unit.agent.id} · ${unit.env.id} · ${split.name}${loaded.spec.seeds.length > 1 ? ` · seed ${unit.seed}` : ''}`,
          episodes.length,
        );
        for (const episode of episodes) {
          if (options.signal?.aborted) break;
          const job = jobOf(unit, split.name, episode);
          await inFlight.add(async () => {
            const record = remote
              ? await pool.run(
                  {
                    settings,
                    env: { id: unit.env.id, file: unit.envPlugin.file, options: unit.env.options },
                    agent: { id: unit.agent.id, file: unit.agentPlugin.file, options: unit.agent.options },
                    seed: unit.seed,
                    checkpoint: prepared.checkpoint,
                    job,
                  },
                  (reason) => failedRecord(job, reason),
                )
              : await runEpisode(job, {
                  envPlugin: unit.envPlugin.plugin,
                  envOptions: unit.env.options,
                  agent: prepared.agent,
                  privileged: unit.agentPlugin.plugin.privileged ?? false,
                  counter,
                  stepLimit: unit.env.stepLimit,
                  stepTimeoutMs: loaded.spec.stepTimeoutMs,
                  signal: options.signal,
                });
            // Once stopping, a worker's episode may have been cut short: only whole episodes are logged.
            if (remote && options.signal?.aborted) return;
            log.append(record);
            ran++;
            group.finished(record.success);
          });
        }
      }
      if (!remote) {
        await inFlight.drain();
        await prepared.agent.dispose?.();
      }
    }
    await inFlight.drain();
  } catch (e) {
    if (!(e instanceof InterruptedError)) throw e;
    interrupted = true;
  } finally {
    await pool?.close();
    log.close();
    progress.stop();
  }
  interrupted ||= options.signal?.aborted ?? false;

  const summary = await writeSummary(files);
  const reports = await writeReports(loaded, files.dir);
  const episodes = summary.rows.reduce((n, row) => n + row.episodes, 0);
  const errors = summary.rows.reduce((n, row) => n + row.errors, 0);
  return { dir: files.dir, summary, episodes, errors, ran, interrupted, reports };
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
  return JSON.parse(readFileSync(files.manifest, 'utf8')) as Manifest;
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

/** Summarises the run's episode log into summary.json (streaming; independent of record order). */
export async function writeSummary(files: RunFiles): Promise<Summary> {
  const summary = await summarizeRunLog(files.dir);
  writeJsonAtomic(files.summary, summary);
  return summary;
}

/** Runs the suite's reporters over the run folder and writes what they return; returns the paths written. */
export async function writeReports(loaded: LoadedSuite, dir: string): Promise<string[]> {
  const written: string[] = [];
  // One view for all reporters: its episode stream is shared, so the log is read once, not once per reporter.
  const view = loaded.spec.reports.length ? await openRun(dir) : null;
  for (const [i, entry] of loaded.spec.reports.entries()) {
    const reporter = loaded.plugins.reports[i].plugin;
    for (const file of await reporter.render(view!, entry.options)) {
      if (file.path.includes('..') || file.path.startsWith('/')) throw new Error(`reporter "${reporter.name}" wrote outside the run folder: ${file.path}`);
      const target = join(dir, file.path);
      writeFileAtomic(target, file.content);
      written.push(target);
    }
  }
  return written;
}
