/**
 * A minimal stand-in for the runner, for agent tests: a TrainingSource over an env plugin's split, and an
 * evaluation loop that runs episodes to the step limit.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Agent,
  type AgentContext,
  type AgentPlugin,
  type EnvPlugin,
  type EpisodeSpec,
  hashSeed,
  type PolicyCall,
  type TrainingEvent,
  type TrainingSource,
} from '../../harness/api.ts';
import { playEpisode } from '../../harness/episode/play.ts';
import { validateOptions } from '../../harness/schema/compile.ts';
import { trainSchema } from '../../plugins/agents/common/train-settings.ts';

export const whitespaceTokens = (text: string) => (text.match(/\S+/g) ?? []).length;

export function agentContext(seed = 1, env = 'toy-house', agent = 'agent'): AgentContext {
  return { seed, env, agent, envPlugin: env, countTokens: whitespaceTokens, recordRuntime: () => {} };
}

/** Creates an agent as the harness does: its options validated against its schema, defaults filled in. */
export function createAgent(plugin: AgentPlugin, options: Record<string, unknown> = {}, ctx: AgentContext = agentContext()): Promise<Agent> {
  return Promise.resolve(plugin.create(validateOptions(plugin.optionsSchema, options), ctx));
}

/**
 * A TrainingSource over an env plugin's split. `collect` runs the agent's `collect()` on this thread, one
 * episode after another (as the runner does when it has no worker pool).
 */
export async function trainingSource(
  plugin: EnvPlugin,
  agent: Agent,
  options: { split?: string; limit?: number; stepLimit?: number; settings?: Record<string, unknown>; seed?: number; events?: TrainingEvent[] } = {},
): Promise<TrainingSource> {
  const episodes = (await plugin.episodes(options.split ?? 'train', {})).slice(0, options.limit);
  const stepLimit = options.stepLimit ?? 30;
  const createEnv = async (episode: EpisodeSpec) => plugin.create(episode, { options: {}, seed: options.seed ?? 1 });
  return {
    env: plugin.name,
    split: options.split ?? 'train',
    episodes,
    stepLimit,
    seed: options.seed ?? 1,
    // As the harness gives them: validated against the learned agents' schema, defaults filled in.
    settings: validateOptions(trainSchema, options.settings ?? {}),
    createEnv,
    scratchDir: mkdtempSync(join(tmpdir(), 'agent-scratch-')),
    collect: async (items, _checkpoint, settings) => {
      const out: unknown[] = [];
      for (const { episode, seed } of items) {
        const env = await createEnv(episode);
        out.push(await agent.collect!(env, episode, { seed, stepLimit, settings }));
        await env.close?.();
      }
      return out;
    },
    log: (event) => options.events?.push(event),
    progress: () => {},
  };
}

export interface EpisodeOutcome {
  id: string;
  success: boolean;
  score: number;
  steps: number;
  actions: string[];
  tokensPerStep: number;
  calls: number;
  /** Every policy call of every step, as the agent reported it. */
  trace: PolicyCall[][];
}

export async function evaluate(
  agent: Agent,
  plugin: EnvPlugin,
  split: string,
  options: { limit?: number; stepLimit?: number; countTokens?: (text: string) => number } = {},
): Promise<EpisodeOutcome[]> {
  const count = options.countTokens ?? whitespaceTokens;
  const episodes = (await plugin.episodes(split, {})).slice(0, options.limit);
  const out: EpisodeOutcome[] = [];
  for (const episode of episodes) {
    const env = await plugin.create(episode, { options: {}, seed: 1 });
    let tokens = 0;
    let calls = 0;
    const actions: string[] = [];
    const trace: PolicyCall[][] = [];
    const played = await playEpisode(
      env,
      {
        start: () => agent.reset({ env: plugin.name, split, episode, seed: hashSeed(1, episode.id) }),
        act: (view) => agent.act(view),
        observe: ({ decision }) => {
          for (const call of decision.calls) {
            const prompt = typeof call.prompt === 'string' ? call.prompt : call.prompt.join('');
            tokens += count(prompt) + count(call.completion);
            calls++;
          }
          actions.push(decision.action);
          trace.push(decision.calls);
        },
      },
      { stepLimit: options.stepLimit ?? 30 },
    );
    await env.close?.();
    const success = played.last?.success ?? false;
    const score = played.last?.score ?? 0;
    out.push({ id: episode.id, success, score, steps: actions.length, actions, tokensPerStep: tokens / Math.max(1, actions.length), calls, trace });
  }
  return out;
}

export function summary(outcomes: EpisodeOutcome[]) {
  const n = Math.max(1, outcomes.length);
  return {
    success: outcomes.filter((o) => o.success).length / n,
    score: outcomes.reduce((a, o) => a + o.score, 0) / n,
    tokensPerStep: outcomes.reduce((a, o) => a + o.tokensPerStep, 0) / n,
  };
}
