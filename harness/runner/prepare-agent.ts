import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { hashSeed, type Agent, type AgentContext, type AgentPlugin, type TrainingEvent, type TrainingSource } from '../api.ts';
import { runFiles, type RunFiles } from '../store/files.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import type { AgentUnit } from './plan.ts';
import type { ProgressDisplay } from './progress.ts';

export interface PrepareContext {
  files: RunFiles;
  counter: TokenCounter;
  stepLimit: number;
  /** Folder that `train.from` paths are resolved against. */
  baseDir: string;
  progress: ProgressDisplay;
  logTraining(event: TrainingEvent & { env: string; agent: string; seed: number }): void;
  recordRuntime(facts: Record<string, string>): void;
}

/** How the agent got its parameters, for the log. */
export type Preparation = 'untrained' | 'trained' | 'resumed' | 'loaded';

/** Marks a checkpoint folder as whole: a folder without it was being written when the run stopped. */
const COMPLETE = 'complete.json';

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
  const source: TrainingSource = {
    env: unit.env.id,
    split: unit.train.split.name,
    episodes: unit.train.episodes,
    stepLimit: ctx.stepLimit,
    seed: hashSeed(unit.seed, unit.env.id, unit.agent.id, 'train'),
    settings: train.settings,
    createEnv: async (episode) => unit.envPlugin.plugin.create(episode, { options: unit.env.options, seed: unit.seed }),
    log: (event) => ctx.logTraining({ ...event, ...tag }),
    progress: (phase, done, total) => ctx.progress.update(id, done, total, phase),
  };
  await agent.train(source);
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
