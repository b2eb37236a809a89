/**
 * What the main thread and the pool's workers say to each other: the tasks (an evaluation episode, one
 * training-data collection, the training of one agent), the stages a worker reports through its heartbeat,
 * and the messages a training task sends back while it runs. Plain, structured-cloneable data only; the one
 * builder of a task's common part (`taskBase`) serves every kind.
 */
import type { MessagePort } from 'node:worker_threads';
import type { CollectRequest, EpisodeSpec, TrainingEvent } from '../api.ts';
import type { TokenizerName } from '../tokens/tokenizers.ts';
import { type EpisodeJob, episodeStages } from './episode.ts';
import type { AgentUnit } from './plan.ts';

/** Run-wide settings every task carries. */
export interface TaskSettings {
  tokenizer: TokenizerName;
  stepLimit: number;
  stepTimeoutMs: number;
}

export interface TaskBase {
  settings: TaskSettings;
  env: { id: string; file: string; options: Record<string, unknown> };
  agent: { id: string; file: string; options: Record<string, unknown> };
  /** The unit's run seed. */
  seed: number;
  /** Checkpoint folder to load the agent from, or null for an agent that does not train. */
  checkpoint: string | null;
}

/** Run one evaluation episode and return its record. */
export interface EpisodeTask extends TaskBase {
  kind: 'episode';
  job: EpisodeJob;
}

/** Create a fresh env for `episode` and return what the agent's `collect()` makes of it. */
export interface CollectTask extends TaskBase {
  kind: 'collect';
  episode: EpisodeSpec;
  request: CollectRequest;
}

/** What training one agent needs, beside the agent itself: the training split and where things go. */
export interface TrainPlan {
  split: string;
  episodes: EpisodeSpec[];
  stepLimit: number;
  /** The seed of `TrainingSource`. */
  seed: number;
  settings: Record<string, unknown>;
  /** The checkpoint folder to write (whole, or not at all). */
  checkpointDir: string;
}

/** Train an agent from scratch on a worker and save its checkpoint; training events come back on `port`. */
export interface TrainTask extends TaskBase {
  kind: 'train';
  plan: TrainPlan;
  port: MessagePort;
}

export type WorkerTask = (EpisodeTask | CollectTask | TrainTask) & {
  /** Shared with the main thread: [stage changes, current stage index]. Written at every plugin call. */
  heartbeat: SharedArrayBuffer;
};

/** What a training task tells the main thread while it runs. */
export type TrainMessage =
  | { kind: 'log'; event: TrainingEvent }
  | { kind: 'progress'; phase: string; done: number; total: number }
  | { kind: 'runtime'; facts: Record<string, string> };

/** Stages beyond the episode's own: setting up (plugins, agent, checkpoint), collecting, training, finished. */
export const SETUP_STAGE = episodeStages.length;
export const COLLECT_STAGE = episodeStages.length + 1;
export const TRAIN_STAGE = episodeStages.length + 2;
export const DONE_STAGE = episodeStages.length + 3;

/** The part of a task every kind shares: which env and agent, under which settings, seed and checkpoint. */
export function taskBase(unit: AgentUnit, settings: TaskSettings, checkpoint: string | null): TaskBase {
  return {
    settings,
    env: { id: unit.env.id, file: unit.envPlugin.file, options: unit.env.options },
    agent: { id: unit.agent.id, file: unit.agentPlugin.file, options: unit.agent.options },
    seed: unit.seed,
    checkpoint,
  };
}
