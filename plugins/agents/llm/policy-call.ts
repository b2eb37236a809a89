/**
 * One policy call of the `llm` agent: build the chat prompt, get its answer — from the server, a dry run's
 * placeholder, or a teacher replaying a demonstration — and report the call as the harness records it: role,
 * exact prompt parts, completion and the server's usage.
 */
import { hashSeed, type PolicyCall } from '../../../harness/api.ts';
import type { ChatMessage, ChatReply, CompleteChat } from './chat-client.ts';
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
  /** The chat messages the call sent (the prompt as messages). */
  messages: ChatMessage[];
  /** Why the server's answer was empty (no choices, no content), for the step's note. */
  problem?: string;
}

export type AskPolicy = (request: PolicyRequest) => Promise<PolicyAnswer>;

/** Where a call's answer comes from: the model server, a dry run's placeholder, or a teacher (`imitate`). */
export type AnswerSource = (request: PolicyRequest, messages: ChatMessage[]) => Promise<ChatReply>;

export interface EpisodeLink {
  /** The episode's seed: per-call sampling seeds derive from it. */
  seed: number;
  /** Aborted when the episode is over, so a late reply cannot outlive it. */
  signal: AbortSignal;
}

/** Builds each call's chat prompt, gets its answer from `answer`, and reports the call as the harness records it. */
export function policyCaller(options: LlmOptions, answer: AnswerSource): AskPolicy {
  return async (request) => {
    const { parts, messages } = chatPrompt(request.builderParts, request.format, request.options, options.systemMessage);
    const reply = await answer(request, messages);
    const call: PolicyCall = { role: request.role, prompt: parts, completion: reply.text };
    if (reply.usage) call.usage = reply.usage;
    return { text: reply.text, call, messages, ...(reply.problem ? { problem: reply.problem } : {}) };
  };
}

/** Asks the model server, with a per-call seed derived from the episode's when `sendSeed` is on. */
export function serverAnswers(options: LlmOptions, complete: CompleteChat, episode: EpisodeLink): AnswerSource {
  return (request, messages) =>
    complete({
      label: `${request.role} (step ${request.step})`,
      messages,
      maxTokens: request.maxTokens,
      ...(options.sendSeed ? { seed: hashSeed(episode.seed, request.step, request.role) } : {}),
      signal: episode.signal,
    });
}

/** A dry run's answers: each request's placeholder, no server contacted. */
export const placeholderAnswers: AnswerSource = async (request) => ({ text: request.placeholder });
