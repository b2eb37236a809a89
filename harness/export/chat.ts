/**
 * The `chat` format: one JSON line per policy call, `{"policy": role, "messages": [system?, user, assistant]}`,
 * the conversational layout common SFT trainers read. An agent that prompts a chat model (the `llm` agent) gives
 * the messages it sends, so a model tuned on them is evaluated on exactly these; for the learned agents, whose
 * prompts are lists of parts, the first part (the role line) is the system message and the rest the user
 * message. The assistant message is the expert's answer as the agent asks for it (`"<action>; True|False"` for
 * a low level).
 */
import type { ImitatedCall } from '../api.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatLine {
  policy: string;
  messages: ChatMessage[];
}

export function chatLine(call: ImitatedCall): ChatLine {
  return { policy: call.role, messages: [...promptMessages(call), { role: 'assistant', content: call.completion }] };
}

function promptMessages(call: ImitatedCall): ChatMessage[] {
  if (call.messages) return call.messages;
  if (typeof call.prompt === 'string') return [{ role: 'user', content: call.prompt }];
  const [roleLine, ...fields] = call.prompt;
  return fields.length === 0
    ? [{ role: 'user', content: roleLine ?? '' }]
    : [
        { role: 'system', content: roleLine },
        { role: 'user', content: fields.join('') },
      ];
}
