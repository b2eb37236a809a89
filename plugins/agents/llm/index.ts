/**
 * `llm`: the three conditioning schemes — vanilla, hrl, step-hrl — as prompting a real model on any
 * OpenAI-compatible chat-completions server (vLLM, llama.cpp's server, Ollama, hosted APIs). Prompts come
 * from the builders the trained agents use (`../common/prompts.ts`), with an answer format and the env's
 * options added (`chat-prompt.ts`); answers are read as the paper's code reads them (`parse.ts`).
 *
 * The agent does not train. Each policy call is reported with its exact prompt, the completion and the
 * server's token usage; in a dry run no server is contacted and placeholders keep the episode going.
 * `imitate` replays an expert demonstration through the same prompts (`imitate.ts`): the fine-tuning data
 * `harness export` writes for a model that will be evaluated with this agent.
 */
import { type Agent, type AgentContext, definePlugin } from '../../../harness/api.ts';
import { type CompleteChat, createChatClient } from './chat-client.ts';
import { imitateDemonstration } from './imitate.ts';
import { type LlmOptions, optionsSchema, resolveOptions, type Strategy } from './options.ts';
import { placeholderAnswers, policyCaller, serverAnswers } from './policy-call.ts';
import { HrlEpisode } from './strategies/hrl.ts';
import type { StrategyContext, StrategyEpisode } from './strategies/shared.ts';
import { StepHrlEpisode } from './strategies/step-hrl.ts';
import { VanillaEpisode } from './strategies/vanilla.ts';

export const VERSION = '1.0.0';

const episodes: Record<Strategy, new (ctx: StrategyContext) => StrategyEpisode> = {
  vanilla: VanillaEpisode,
  hrl: HrlEpisode,
  'step-hrl': StepHrlEpisode,
};

export function createLlmAgent(given: LlmOptions, ctx: AgentContext): Agent {
  const options = resolveOptions(given);
  const complete: CompleteChat | null = ctx.dryRun ? null : createChatClient({ ...options, apiKey: readApiKey(options.apiKeyEnv) });
  let episode: StrategyEpisode | null = null;
  let current = new AbortController();
  return {
    reset(start) {
      // A request still running for the previous episode (one the harness gave up on) is abandoned.
      current.abort();
      current = new AbortController();
      const answers = complete ? serverAnswers(options, complete, { seed: start.seed, signal: current.signal }) : placeholderAnswers;
      episode = new episodes[options.strategy]({ options, ask: policyCaller(options, answers), countTokens: ctx.countTokens });
    },
    act(view) {
      if (!episode) throw new Error('act() was called before reset()');
      return episode.act(view);
    },
    imitate(demonstration) {
      return imitateDemonstration(demonstration, options, ctx.countTokens, (context) => new episodes[options.strategy](context));
    },
    dispose() {
      current.abort();
    },
  };
}

/** The key from the environment variable the suite names; null for a keyless server. Never logged. */
function readApiKey(variable: string | undefined): string | null {
  if (!variable) return null;
  const key = process.env[variable];
  if (!key) throw new Error(`apiKeyEnv names the environment variable ${variable}, which is not set (or empty)`);
  return key;
}

export default definePlugin({
  kind: 'agent',
  name: 'llm',
  version: VERSION,
  description: 'Prompts a model on an OpenAI-compatible chat server (vLLM, llama.cpp, Ollama, hosted APIs) with the vanilla, hrl or step-hrl scheme.',
  optionsSchema,
  // It does not train, and the model writes its own subtasks and progress: any env will do (candidate subtasks
  // are listed in subtask prompts when the env has them).
  requires: () => [],
  caveats: (options: LlmOptions) =>
    options.strategy !== 'vanilla' && (options.listCandidateSubtasks || options.mapToCandidateSubtask)
      ? [
          "Its subtasks come from the env's candidate subtasks (listCandidateSubtasks or mapToCandidateSubtask), which an env may build from what the player cannot see: not a fair comparison with agents that write their own.",
        ]
      : [],
  create: (options: LlmOptions, ctx) => createLlmAgent(options, ctx),
});
