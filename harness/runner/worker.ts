/**
 * A pool worker: runs tasks sent by the main thread — evaluation episodes, and training-data collection
 * (`TrainingSource.collect`) — and returns plain data. It imports the env and agent plugins itself, creates
 * each agent it is asked for (from a checkpoint when there is one) and keeps a few for the next tasks.
 */
import type { Agent, AgentPlugin, CollectRequest, EnvPlugin, EpisodeRecord, EpisodeSpec } from '../api.ts';
import { loadPlugin } from '../plugins/load.ts';
import { TokenCounter } from '../tokens/counter.ts';
import { loadTokenizer, type TokenizerName } from '../tokens/tokenizers.ts';
import { type EpisodeJob, episodeStages, runEpisode } from './episode.ts';
import { createAgent } from './prepare-agent.ts';

interface TaskBase {
  settings: { tokenizer: TokenizerName; stepLimit: number; stepTimeoutMs: number };
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

export type WorkerTask = (EpisodeTask | CollectTask) & {
  /** Shared with the main thread: [stage changes, current stage index]. Written at every plugin call. */
  heartbeat: SharedArrayBuffer;
};

/** Stages beyond the episode's own: setting up (plugins, agent, checkpoint), collecting, and finished. */
export const SETUP_STAGE = episodeStages.length;
export const COLLECT_STAGE = episodeStages.length + 1;
export const DONE_STAGE = episodeStages.length + 2;

const counters = new Map<TokenizerName, Promise<TokenCounter>>();
const plugins = new Map<string, Promise<unknown>>();
const agents = new Map<string, Promise<Agent>>();
const AGENTS_KEPT = 4;

export default async function runTask(task: WorkerTask): Promise<EpisodeRecord | unknown> {
  const beat = new Int32Array(task.heartbeat);
  const signal = (stage: number) => {
    Atomics.store(beat, 1, stage);
    Atomics.add(beat, 0, 1);
  };
  signal(SETUP_STAGE);
  try {
    const counter = await counterFor(task.settings.tokenizer);
    const envPlugin = await pluginAt<EnvPlugin>('env', task.env.file);
    const { agent, privileged } = await agentFor(task, counter, envPlugin.name);
    if (task.kind === 'collect') {
      if (!agent.collect) throw new Error(`agent "${task.agent.id}" has no collect()`);
      signal(COLLECT_STAGE);
      const env = await envPlugin.create(task.episode, { options: task.env.options, seed: task.seed });
      try {
        return await agent.collect(env, task.episode, task.request);
      } finally {
        await env.close?.();
      }
    }
    return await runEpisode(task.job, {
      envPlugin,
      envOptions: task.env.options,
      agent,
      privileged,
      counter,
      stepLimit: task.settings.stepLimit,
      stepTimeoutMs: task.settings.stepTimeoutMs,
      onStage: (stage) => signal(episodeStages.indexOf(stage)),
    });
  } finally {
    signal(DONE_STAGE);
  }
}

/** A plugin by its resolved file, imported and checked once per worker. */
function pluginAt<P>(kind: 'env' | 'agent', file: string): Promise<P> {
  let plugin = plugins.get(file);
  if (!plugin) plugins.set(file, (plugin = loadPlugin(kind, file, '/').then((loaded) => loaded.plugin)));
  return plugin as Promise<P>;
}

function counterFor(name: TokenizerName): Promise<TokenCounter> {
  let counter = counters.get(name);
  if (!counter) counters.set(name, (counter = loadTokenizer(name).then((t) => new TokenCounter(t))));
  return counter;
}

/** The unit's agent, created once per worker; the least recently used are disposed beyond a few. */
async function agentFor(task: TaskBase, counter: TokenCounter, envPlugin: string): Promise<{ agent: Agent; privileged: boolean }> {
  const plugin = await pluginAt<AgentPlugin>('agent', task.agent.file);
  const key = JSON.stringify([task.seed, task.env.id, task.agent.id, task.checkpoint]);
  let agent = agents.get(key);
  if (agent) {
    agents.delete(key); // re-inserted below: most recently used last
  } else {
    agent = (async () => {
      const created = await createAgent(
        { seed: task.seed, env: task.env.id, envPlugin, agent: task.agent.id, agentOptions: task.agent.options, plugin },
        counter,
        () => {},
      );
      if (task.checkpoint) {
        if (!created.load) throw new Error(`agent "${task.agent.id}" has a checkpoint but no load()`);
        await created.load(task.checkpoint);
      }
      return created;
    })();
    // A failed creation is not kept: the next task tries again and reports its own error.
    agent.catch(() => agents.delete(key));
  }
  agents.set(key, agent);
  while (agents.size > AGENTS_KEPT) {
    const [oldest, evicted] = agents.entries().next().value!;
    agents.delete(oldest);
    void evicted.then((a) => a.dispose?.()).catch(() => {});
  }
  return { agent: await agent, privileged: plugin.privileged ?? false };
}
