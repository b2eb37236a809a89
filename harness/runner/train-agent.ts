/**
 * Training one agent: the `TrainingSource` it learns from, the training itself, and its checkpoint. The same
 * code runs on the main thread and, for a run with workers, on a pool worker (`TrainTask`), so a trained
 * agent is the same whichever thread trained it.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Agent, CollectRequest, Env, EpisodeSpec, TrainingEvent, TrainingSource } from '../api.ts';
import { CHECKPOINT_COMPLETE } from '../store/files.ts';
import type { TrainPlan } from './protocol.ts';

export function isCheckpoint(dir: string): boolean {
  return existsSync(join(dir, CHECKPOINT_COMPLETE));
}

/** What training needs from where it runs. */
export interface TrainingIO {
  createEnv(episode: EpisodeSpec): Promise<Env>;
  /** `TrainingSource.collect`: on the pool's workers from the main thread, on this thread inside a worker. */
  collect(items: { episode: EpisodeSpec; seed: number }[], checkpoint: string, settings: unknown): Promise<unknown[]>;
  log(event: TrainingEvent): void;
  progress(phase: string, done: number, total: number): void;
}

/** What a finished training reports: how long it took, and whether it wrote a checkpoint. */
export interface Trained {
  seconds: number;
  saved: boolean;
}

/**
 * Trains `agent` on the plan's split and, if it can save, writes its checkpoint to `plan.checkpointDir` —
 * through a side folder that is renamed when whole, so a kill mid-save never leaves a checkpoint that looks
 * finished. Returns whether a checkpoint was written.
 */
export async function trainAndSave(agent: Agent, plan: TrainPlan, env: string, io: TrainingIO): Promise<Trained> {
  if (!agent.train) throw new Error('the agent does not train');
  const started = performance.now();
  const scratchDir = `${plan.checkpointDir}.scratch`;
  rmSync(scratchDir, { recursive: true, force: true });
  mkdirSync(scratchDir, { recursive: true });
  const source: TrainingSource = {
    env,
    split: plan.split,
    episodes: plan.episodes,
    stepLimit: plan.stepLimit,
    seed: plan.seed,
    settings: plan.settings,
    createEnv: (episode) => io.createEnv(episode),
    scratchDir,
    collect: (items, checkpoint, settings) => io.collect(items, checkpoint, settings),
    log: (event) => io.log(event),
    progress: (phase, done, total) => io.progress(phase, done, total),
  };
  await agent.train(source);
  rmSync(scratchDir, { recursive: true, force: true });
  const seconds = (performance.now() - started) / 1000;
  io.log({ phase: 'finished', seconds: Math.round(seconds * 10) / 10 });
  if (!agent.save) return { seconds, saved: false };

  const partial = `${plan.checkpointDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  await agent.save(partial);
  writeFileSync(join(partial, CHECKPOINT_COMPLETE), JSON.stringify({ savedAt: new Date().toISOString(), seconds }) + '\n');
  rmSync(plan.checkpointDir, { recursive: true, force: true });
  renameSync(partial, plan.checkpointDir);
  return { seconds, saved: true };
}

/** The agent's `collect()` on one episode, on a fresh env of this thread. */
export async function collectOne(
  agent: Agent,
  createEnv: (episode: EpisodeSpec) => Promise<Env>,
  episode: EpisodeSpec,
  request: CollectRequest,
): Promise<unknown> {
  if (!agent.collect) throw new Error('the agent has no collect()');
  const env = await createEnv(episode);
  try {
    return await agent.collect(env, episode, request);
  } finally {
    await env.close?.();
  }
}

/**
 * `TrainingSource.collect` on this thread, one episode after another. A failed collection gives null in its
 * place (and is reported), so one bad episode costs one sample, not the training.
 */
export async function collectHere(
  agent: Agent,
  createEnv: (episode: EpisodeSpec) => Promise<Env>,
  items: { episode: EpisodeSpec; seed: number }[],
  request: (seed: number) => CollectRequest,
  fail: (episode: EpisodeSpec, reason: string) => null,
  onEach?: () => void,
): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const { episode, seed } of items) {
    try {
      results.push(await collectOne(agent, createEnv, episode, request(seed)));
    } catch (e) {
      results.push(fail(episode, `agent.collect: ${(e as Error).message}`));
    }
    onEach?.();
  }
  return results;
}
