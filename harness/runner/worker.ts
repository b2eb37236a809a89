/**
 * A pool worker: runs the tasks of `protocol.ts` sent by the main thread — evaluation episodes, training-data
 * collection (`TrainingSource.collect`) and the training of an agent (on a thread of its own:
 * `training-thread.ts`) — and returns plain data. It imports the env and agent plugins itself, creates each agent it is asked for (from a checkpoint when there is one) and
 * keeps a few for the next tasks.
 */
import type { Agent, AgentPlugin, EnvPlugin, EpisodeRecord, EpisodeSpec } from '../api.ts';
import { loadPlugin } from '../plugins/load.ts';
import { TokenCounter } from '../tokens/counter.ts';
import { type TokenizerName, tokenizer } from '../tokens/tokenizers.ts';
import { createAgent } from './create-agent.ts';
import { episodeStages, runEpisode } from './episode.ts';
import { COLLECT_STAGE, DONE_STAGE, SETUP_STAGE, type TaskBase, TRAIN_STAGE, type TrainMessage, type TrainTask, type WorkerTask } from './protocol.ts';
import { collectHere, collectOne, type Trained, trainAndSave } from './train-agent.ts';
import { trainOnOwnThread } from './training-thread.ts';

const counters = new Map<TokenizerName, TokenCounter>();
const plugins = new Map<string, Promise<unknown>>();
const agents = new Map<string, Promise<Agent>>();
const AGENTS_KEPT = 4;

/** Tells the pool's watchdog, through the task's heartbeat, that the task has entered a stage (or is still in it). */
function heartbeatOf(task: Pick<WorkerTask, 'heartbeat'>): (stage: number) => void {
  const beat = new Int32Array(task.heartbeat);
  return (stage) => {
    Atomics.store(beat, 1, stage);
    Atomics.add(beat, 0, 1);
  };
}

/**
 * Runs one task. Its stage is marked done only when it succeeds: a task that throws leaves the stage it threw
 * in, which the pool names in the reason it reports.
 */
export default async function runTask(task: WorkerTask): Promise<EpisodeRecord | unknown> {
  const signal = heartbeatOf(task);
  signal(SETUP_STAGE);
  const result = await perform(task, signal);
  signal(DONE_STAGE);
  return result;
}

async function perform(task: WorkerTask, signal: (stage: number) => void): Promise<EpisodeRecord | unknown> {
  if (task.kind === 'train') return await trainOnOwnThread(task);
  const counter = counterFor(task.settings.tokenizer);
  const envPlugin = await pluginAt<EnvPlugin>('env', task.env.file);
  const createEnv = async (episode: EpisodeSpec) => envPlugin.create(episode, { options: task.env.options, seed: task.seed });
  const { agent, privileged } = await agentFor(task, counter, envPlugin.name);
  if (task.kind === 'collect') {
    signal(COLLECT_STAGE);
    return await collectOne(agent, createEnv, task.episode, task.request);
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
}

/**
 * Trains a fresh agent and saves its checkpoint, on this thread: a training thread's (`training-thread.ts`).
 * Its data collection runs here, one episode after another (the pool's other workers are busy with other
 * units); every event is sent to the main thread, which writes the training log, and doubles as a heartbeat
 * for the watchdog.
 */
export async function trainHere(task: TrainTask & Pick<WorkerTask, 'heartbeat'>): Promise<Trained> {
  const signal = heartbeatOf(task);
  const beat = () => signal(TRAIN_STAGE);
  beat();
  const counter = counterFor(task.settings.tokenizer);
  const env = await pluginAt<EnvPlugin>('env', task.env.file);
  const createEnv = async (episode: EpisodeSpec) => env.create(episode, { options: task.env.options, seed: task.seed });
  const send = (message: TrainMessage) => {
    task.port.postMessage(message);
    beat();
  };
  const plugin = await pluginAt<AgentPlugin>('agent', task.agent.file);
  const agent = await createAgent(
    { seed: task.seed, env: task.env.id, envPlugin: env.name, agent: task.agent.id, agentOptions: task.agent.options, plugin },
    counter,
    (facts) => send({ kind: 'runtime', facts }),
  );
  try {
    return await trainAndSave(agent, task.plan, task.env.id, {
      createEnv,
      collect: (items, _checkpoint, settings) =>
        collectHere(
          agent,
          createEnv,
          items,
          (seed) => ({ seed, stepLimit: task.plan.stepLimit, settings }),
          (episode, reason) => {
            send({ kind: 'log', event: { phase: 'collect-error', episode: episode.id, message: reason } });
            return null;
          },
          beat,
        ),
      log: (event) => send({ kind: 'log', event }),
      progress: (phase, done, total) => send({ kind: 'progress', phase, done, total }),
    });
  } finally {
    await agent.dispose?.();
    task.port.close();
  }
}

/** A plugin by its resolved file, imported and checked once per worker. */
function pluginAt<P>(kind: 'env' | 'agent', file: string): Promise<P> {
  let plugin = plugins.get(file);
  if (!plugin) plugins.set(file, (plugin = loadPlugin(kind, file, '/').then((loaded) => loaded.plugin)));
  return plugin as Promise<P>;
}

function counterFor(name: TokenizerName): TokenCounter {
  let counter = counters.get(name);
  if (!counter) counters.set(name, (counter = new TokenCounter(tokenizer(name))));
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
