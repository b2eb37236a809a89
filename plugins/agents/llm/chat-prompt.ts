/**
 * Turns the shared prompt builders' parts into a chat request. The builders (`../common/prompts.ts`) say what
 * a policy decides and from what; a chat model not trained on them also needs to be told how to write its
 * answer and, where the env offers them, what it may choose from. This module adds exactly that and nothing
 * else, so an `llm` agent conditions on the same text as a trained agent of the same scheme.
 *
 * Layout of a call's prompt parts (each ends in "\n"):
 *
 *   [role line]            builder part 0       ┐ system message
 *   [answer format]        this module          ┘ (or, with systemMessage: false, all of it in one user message)
 *   [labelled fields…]     builder parts 1..n   ┐ user message
 *   [options list]         this module          ┘ (valid actions or candidate subtasks; may be absent)
 *
 * The text a call is conditioned on is `parts.join('')`, which is also the concatenation of the messages'
 * contents in order: that is what the harness counts and what `--dry-run` prints. The server's chat template
 * adds its own tokens around each message; those appear only in the usage it reports.
 */
import type { ChatMessage } from './chat-client.ts';

/** How each role must write its answer; the low level's matches the paper's `<action>; <True|False>`. */
export const ANSWER_FORMATS = {
  policy: 'Answer with the next action only, on one line.',
  high: 'Answer with the next subtask only, on one line.',
  low: 'Answer on one line as "<action>; <True|False>": the action, then True if this action finishes the subtask, otherwise False.',
  progress: 'Answer with the updated local progress only, in one or two short sentences.',
} as const;

/** The valid actions as an options part, at most `limit` of them (the rest counted, not shown). */
export function validActionsPart(actions: readonly string[], limit: number): string | null {
  if (limit === 0 || actions.length === 0) return null;
  const shown = actions.slice(0, limit);
  const more = actions.length - shown.length;
  return `Valid actions:\n${shown.map((a) => `- ${a}\n`).join('')}${more > 0 ? `(and ${more} more)\n` : ''}`;
}

/** The env's candidate subtasks as an options part. */
export function candidateSubtasksPart(subtasks: readonly string[]): string | null {
  if (subtasks.length === 0) return null;
  return `Candidate subtasks:\n${subtasks.map((s) => `- ${s}\n`).join('')}`;
}

export interface ChatPrompt {
  /** Exactly the text sent, in parts: what a policy call reports as its prompt. */
  parts: string[];
  messages: ChatMessage[];
}

/**
 * The prompt of one call: the builder's parts with the answer format after the role line and the options
 * list (if any) at the end, mapped to messages as described above.
 */
export function chatPrompt(builderParts: readonly string[], format: string, options: string | null, systemMessage: boolean): ChatPrompt {
  const [roleLine, ...fields] = builderParts;
  const instructions = [roleLine, `${format}\n`];
  const state = options === null ? fields : [...fields, options];
  const parts = [...instructions, ...state];
  const messages: ChatMessage[] = systemMessage
    ? [
        { role: 'system', content: instructions.join('') },
        { role: 'user', content: state.join('') },
      ]
    : [{ role: 'user', content: parts.join('') }];
  return { parts, messages };
}
