import { isAbsolute, resolve } from 'node:path';
import { type Agent, type EpisodeSpec, hashSeed, type TrainingEvent } from '../api.ts';
import { type RunFiles, runFiles } from '../store/files.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import { createAgent, identityOf } from './create-agent.ts';
import type { AgentUnit } from './plan.ts';
import type { EpisodePool } from './pool.ts';
import type { ProgressDisplay } from './progress.ts';
import { type TaskSettings, type TrainPlan, taskBase } from './protocol.ts';
import { collectHere, isCheckpoint, type TrainingIO, trainAndSave } from './train-agent.ts';

export interface PrepareContext {
  files: RunFiles;
  counter: TokenCounter;
  /** Folder that `train.from` paths are resolved against. */
  baseDir: string;
  progress: ProgressDisplay;
  logTraining(event: TrainingEvent & { env: string; agent: string; seed: number }): void;
  recordRuntime(facts: Record<string, string>): void;
  /** The run's worker pool: agents that can save train there; null trains on this thread. */
  pool: EpisodePool | null;
  settings: TaskSettings;
  /** Stops a training on a worker at once when the run is being stopped. */
  signal?: AbortSignal;
}

/** How the agent got its parameters, for the log. */
export type Preparation = 'untrained' | 'trained' | 'resumed' | 'loaded';

export interface PreparedAgent {
  /** The agent on this thread, or null when it was trained on a worker (it then lives in its checkpoint). */
  agent: Agent | null;
  how: Preparation;
  checkpoint: string | null;
}

/**
 * Gives a unit's agent its parameters: from this run's checkpoint when resuming, from another run's with
 * `train.from`, or by training on the train split (then saving a checkpoint, so a resumed run reuses it). With
 * a worker pool, an agent that can save and load trains on a worker, so independent units train in parallel.
 */
export async function prepareAgent(unit: AgentUnit, ctx: PrepareContext): Promise<PreparedAgent> {
  const agent = await createAgent(identityOf(unit), ctx.counter, ctx.recordRuntime);
  const own = ctx.files.checkpoint(unit.env.id, unit.agent.id, unit.seed);
  const train = unit.agent.train;

  if (agent.load && isCheckpoint(own)) {
    await agent.load(own);
    return { agent, how: 'resumed', checkpoint: own };
  }
  const from = train ? train.from : undefined;
  if (from) {
    if (!agent.load) throw new Error(`agent "${unit.agent.id}" cannot load checkpoints (no load())`);
    const fromDir = isAbsolute(from) ? from : resolve(ctx.baseDir, from);
    const source = runFiles(fromDir).checkpoint(unit.env.id, unit.agent.id, unit.seed);
    if (!isCheckpoint(source)) throw new Error(`no finished checkpoint at ${source}`);
    await agent.load(source);
    return { agent, how: 'loaded', checkpoint: source };
  }
  if (!train || !agent.train) return { agent, how: 'untrained', checkpoint: null };

  const plan: TrainPlan = {
    split: unit.train.split.name,
    episodes: unit.train.episodes,
    stepLimit: unit.env.stepLimit,
    // One seed for every agent of an env and run seed: agents can draw the same training data (paired).
    seed: hashSeed(unit.seed, unit.env.id, 'train'),
    settings: train.settings,
    checkpointDir: own,
  };
  const tag = { env: unit.env.id, agent: unit.agent.id, seed: unit.seed };
  const id = `train:${unit.env.id}:${unit.agent.id}:${unit.seed}`;
  ctx.progress.begin(id, `train ${unit.agent.id} on ${unit.env.id} (seed ${unit.seed})`, unit.train.episodes.length);
  const log = (event: TrainingEvent) => ctx.logTraining({ ...event, ...tag });
  const progress = (phase: string, done: number, total: number) => ctx.progress.update(id, done, total, phase);

  const { pool } = ctx;
  if (pool && agent.save && agent.load) {
    await agent.dispose?.();
    await pool.train(
      { ...taskBase(unit, ctx.settings, null), plan },
      (message) => {
        if (message.kind === 'log') log(message.event);
        else if (message.kind === 'progress') progress(message.phase, message.done, message.total);
        else ctx.recordRuntime(message.facts);
      },
      ctx.signal,
    );
    ctx.progress.end(id, 'trained');
    return { agent: null, how: 'trained', checkpoint: own };
  }

  const createEnv = async (episode: EpisodeSpec) => unit.envPlugin.plugin.create(episode, { options: unit.env.options, seed: unit.seed });
  const fail = (episode: EpisodeSpec, reason: string) => {
    log({ phase: 'collect-error', episode: episode.id, message: reason });
    return null;
  };
  const io: TrainingIO = {
    createEnv,
    collect: async (items, checkpoint, settings) => {
      const request = (seed: number) => ({ seed, stepLimit: plan.stepLimit, settings });
      if (!pool) return collectHere(agent, createEnv, items, request, fail);
      // On the pool's workers, each rebuilding the agent from `checkpoint`; results in the order given.
      return Promise.all(
        items.map(async ({ episode, seed }) => {
          const outcome = await pool.collect({ ...taskBase(unit, ctx.settings, checkpoint), episode, request: request(seed) });
          return outcome.ok ? outcome.value : fail(episode, outcome.reason);
        }),
      );
    },
    log,
    progress,
  };
  const { saved } = await trainAndSave(agent, plan, unit.env.id, io);
  ctx.progress.end(id, 'trained');
  return { agent, how: 'trained', checkpoint: saved ? own : null };
}
