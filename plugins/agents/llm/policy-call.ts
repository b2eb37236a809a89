/**
 * One policy call of the `llm` agent: build the chat prompt, ask the server (or, in a dry run, answer with a
 * placeholder), and report the call as the harness records it — role, exact prompt parts, completion and
 * the server's usage.
 */
import { hashSeed, type PolicyCall } from '../../../harness/api.ts';
import type { CompleteChat } from './chat-client.ts';
import { chatPrompt } from './chat-prompt.ts';
import type { LlmOptions } from './options.ts';

export interface PolicyRequest {
  role: string;
  step: number;
  /** Parts from a shared prompt builder: the role line, then the labelled fields. */
  builderParts: readonly string[];
  /** How to write the answer (one of ANSWER_FORMATS). */
  format: string;
  /** The options part (valid actions, candidate subtasks), or null. */
  options: string | null;
  maxTokens: number;
  /** The answer in a dry run, where no server is contacted: something the episode can go on with. */
  placeholder: string;
}

export interface PolicyAnswer {
  text: string;
  call: PolicyCall;
  /** Why the server's answer was empty (no choices, no content), for the step's note. */
  problem?: string;
}

export type AskPolicy = (request: PolicyRequest) => Promise<PolicyAnswer>;

export interface EpisodeLink {
  /** The episode's seed: per-call sampling seeds derive from it. */
  seed: number;
  /** Aborted when the episode is over, so a late reply cannot outlive it. */
  signal: AbortSignal;
}

/** Asks the server, or in a dry run (`complete` is null) answers with the request's placeholder. */
export function policyCaller(options: LlmOptions, complete: CompleteChat | null, episode: EpisodeLink): AskPolicy {
  return async (request) => {
    const { parts, messages } = chatPrompt(request.builderParts, request.format, request.options, options.systemMessage);
    if (complete === null) {
      return { text: request.placeholder, call: { role: request.role, prompt: parts, completion: request.placeholder } };
    }
    const reply = await complete({
      label: `${request.role} (step ${request.step})`,
      messages,
      maxTokens: request.maxTokens,
      ...(options.sendSeed ? { seed: hashSeed(episode.seed, request.step, request.role) } : {}),
      signal: episode.signal,
    });
    const call: PolicyCall = { role: request.role, prompt: parts, completion: reply.text };
    if (reply.usage) call.usage = reply.usage;
    return { text: reply.text, call, ...(reply.problem ? { problem: reply.problem } : {}) };
  };
}
