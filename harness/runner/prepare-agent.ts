import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { type Agent, type AgentContext, type AgentPlugin, type Env, type EpisodeSpec, hashSeed, type TrainingEvent, type TrainingSource } from '../api.ts';
import { CHECKPOINT_COMPLETE as COMPLETE, type RunFiles, runFiles } from '../store/files.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import type { AgentUnit } from './plan.ts';
import type { EpisodePool } from './pool.ts';
import type { ProgressDisplay } from './progress.ts';
import type { WorkerTask } from './worker.ts';

export interface PrepareContext {
  files: RunFiles;
  counter: TokenCounter;
  stepLimit: number;
  /** Folder that `train.from` paths are resolved against. */
  baseDir: string;
  progress: ProgressDisplay;
  logTraining(event: TrainingEvent & { env: string; agent: string; seed: number }): void;
  recordRuntime(facts: Record<string, string>): void;
  /** The run's worker pool, for `TrainingSource.collect`; null runs collection on this thread. */
  pool: EpisodePool | null;
  settings: WorkerTask['settings'];
}

/** How the agent got its parameters, for the log. */
export type Preparation = 'untrained' | 'trained' | 'resumed' | 'loaded';

/** What creating an agent needs: which agent, on which env, under which seed (workers create agents too). */
export interface AgentIdentity {
  seed: number;
  env: string;
  envPlugin: string;
  agent: string;
  agentOptions: Record<string, unknown>;
  plugin: AgentPlugin;
}

export function identityOf(unit: AgentUnit): AgentIdentity {
  return {
    seed: unit.seed,
    env: unit.env.id,
    envPlugin: unit.envPlugin.plugin.name,
    agent: unit.agent.id,
    agentOptions: unit.agent.options,
    plugin: unit.agentPlugin.plugin,
  };
}

export function createAgent(who: AgentIdentity, counter: TokenCounter, recordRuntime: AgentContext['recordRuntime'], dryRun = false): Promise<Agent> {
  const ctx: AgentContext = {
    ...(dryRun ? { dryRun } : {}),
    seed: hashSeed(who.seed, who.env, who.agent),
    env: who.env,
    agent: who.agent,
    envPlugin: who.envPlugin,
    countTokens: (text) => counter.count(text),
    recordRuntime,
  };
  return Promise.resolve(who.plugin.create(who.agentOptions, ctx));
}

/**
 * Gives a unit's agent its parameters: from this run's checkpoint when resuming, from another run's with
 * `train.from`, or by training on the train split (then saving a checkpoint, so a resumed run reuses it).
 */
export async function prepareAgent(unit: AgentUnit, ctx: PrepareContext): Promise<{ agent: Agent; how: Preparation; checkpoint: string | null }> {
  const agent = await createAgent(identityOf(unit), ctx.counter, ctx.recordRuntime);
  const own = ctx.files.checkpoint(unit.env.id, unit.agent.id, unit.seed);
  const train = unit.agent.train;

  if (agent.load && existsSync(join(own, COMPLETE))) {
    await agent.load(own);
    return { agent, how: 'resumed', checkpoint: own };
  }
  if (train && train.from) {
    if (!agent.load) throw new Error(`agent "${unit.agent.id}" cannot load checkpoints (no load())`);
    const fromDir = isAbsolute(train.from) ? train.from : resolve(ctx.baseDir, train.from);
    const source = runFiles(fromDir).checkpoint(unit.env.id, unit.agent.id, unit.seed);
    if (!existsSync(join(source, COMPLETE))) throw new Error(`no finished checkpoint at ${source}`);
    await agent.load(source);
    return { agent, how: 'loaded', checkpoint: source };
  }
  if (!train || !agent.train) return { agent, how: 'untrained', checkpoint: null };

  const label = `train ${unit.agent.id} on ${unit.env.id} (seed ${unit.seed})`;
  const id = `train:${unit.env.id}:${unit.agent.id}:${unit.seed}`;
  ctx.progress.begin(id, label, unit.train.episodes.length);
  const started = performance.now();
  const tag = { env: unit.env.id, agent: unit.agent.id, seed: unit.seed };
  const scratchDir = `${own}.scratch`;
  rmSync(scratchDir, { recursive: true, force: true });
  mkdirSync(scratchDir, { recursive: true });
  const createEnv = async (episode: EpisodeSpec) => unit.envPlugin.plugin.create(episode, { options: unit.env.options, seed: unit.seed });
  const source: TrainingSource = {
    env: unit.env.id,
    split: unit.train.split.name,
    episodes: unit.train.episodes,
    stepLimit: ctx.stepLimit,
    seed: hashSeed(unit.seed, unit.env.id, unit.agent.id, 'train'),
    settings: train.settings,
    createEnv,
    scratchDir,
    collect: (items, checkpoint, settings) => collect(unit, agent, ctx, createEnv, items, checkpoint, settings),
    log: (event) => ctx.logTraining({ ...event, ...tag }),
    progress: (phase, done, total) => ctx.progress.update(id, done, total, phase),
  };
  await agent.train(source);
  rmSync(scratchDir, { recursive: true, force: true });
  const seconds = (performance.now() - started) / 1000;
  ctx.logTraining({ phase: 'finished', seconds: Math.round(seconds * 10) / 10, ...tag });
  ctx.progress.end(id, 'trained');

  if (!agent.save) return { agent, how: 'trained', checkpoint: null };
  {
    // Write to a side folder and rename, so a kill mid-save never leaves a checkpoint that looks whole.
    const partial = `${own}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    await agent.save(partial);
    writeFileSync(join(partial, COMPLETE), JSON.stringify({ savedAt: new Date().toISOString(), seconds }) + '\n');
    rmSync(own, { recursive: true, force: true });
    renameSync(partial, own);
  }
  return { agent, how: 'trained', checkpoint: own };
}

/**
 * `TrainingSource.collect`: the agent's `collect()` on each episode — on the pool's workers (each rebuilding
 * the agent from `checkpoint`) when the run has them, else on this thread with the training agent itself.
 * A failed collection gives null in its place, so one bad episode costs one sample, not the training.
 */
async function collect(
  unit: AgentUnit,
  agent: Agent,
  ctx: PrepareContext,
  createEnv: (episode: EpisodeSpec) => Promise<Env>,
  items: { episode: EpisodeSpec; seed: number }[],
  checkpoint: string,
  settings: unknown,
): Promise<unknown[]> {
  if (!agent.collect) throw new Error(`agent "${unit.agent.id}" has no collect()`);
  const request = (seed: number) => ({ seed, stepLimit: ctx.stepLimit, settings });
  const fail = (episode: EpisodeSpec, reason: string) => {
    ctx.logTraining({ phase: 'collect-error', episode: episode.id, message: reason, env: unit.env.id, agent: unit.agent.id, seed: unit.seed });
    return null;
  };
  const { pool } = ctx;
  if (pool) {
    return Promise.all(
      items.map(async ({ episode, seed }) => {
        const outcome = await pool.collect({
          settings: ctx.settings,
          env: { id: unit.env.id, file: unit.envPlugin.file, options: unit.env.options },
          agent: { id: unit.agent.id, file: unit.agentPlugin.file, options: unit.agent.options },
          seed: unit.seed,
          checkpoint,
          episode,
          request: request(seed),
        });
        return outcome.ok ? outcome.value : fail(episode, outcome.reason);
      }),
    );
  }
  const results: unknown[] = [];
  for (const { episode, seed } of items) {
    const env = await createEnv(episode);
    try {
      results.push(await agent.collect(env, episode, request(seed)));
    } catch (e) {
      results.push(fail(episode, `agent.collect: ${(e as Error).message}`));
    } finally {
      await env.close?.();
    }
  }
  return results;
}
