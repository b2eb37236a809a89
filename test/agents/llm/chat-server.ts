/**
 * A real HTTP server on 127.0.0.1 that speaks the chat-completions protocol with scripted replies, so the
 * `llm` agent is tested through its real client, over real sockets. The script may be swapped between runs.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROLE_LINES } from '../../../plugins/agents/common/prompts.ts';

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  max_tokens?: number;
  seed?: number;
  [field: string]: unknown;
}

export interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: ChatRequestBody;
  /** Which policy the prompt is for, read from its role line. */
  role: string;
  /** Every message's content, concatenated: the text the agent says it sent. */
  text: string;
}

export type Reply =
  /** A normal completion; usage defaults to words of the request (+ TEMPLATE_OVERHEAD) and of the reply. */
  | { content: string; usage?: { prompt_tokens: number; completion_tokens: number } | null }
  /** Any status with a JSON or text body. */
  | { status: number; json?: unknown; text?: string; contentType?: string; headers?: Record<string, string> }
  /** Never answers. */
  | { hang: true };

export type Script = (request: Received) => Reply;

/** What the scripted server adds to its prompt-token count, as a chat template would. */
export const TEMPLATE_OVERHEAD = 7;

export const words = (text: string) => text.match(/\S+/g)?.length ?? 0;

export interface ChatServer {
  baseURL: string;
  requests: Received[];
  script: Script;
  /** Most requests that were being answered at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startChatServer(script: Script, delayMs = 0): Promise<ChatServer> {
  let inFlight = 0;
  const state: ChatServer = { baseURL: '', requests: [], script, maxInFlight: 0, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      try {
        if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(res, 404, { error: { message: `no route ${req.url}` } });
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody;
        const text = body.messages.map((m) => m.content).join('');
        const received: Received = { url: req.url, headers: req.headers, body, role: roleOf(text), text };
        state.requests.push(received);
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        const reply = state.script(received);
        if ('hang' in reply) return;
        if ('status' in reply) {
          res.writeHead(reply.status, { 'content-type': reply.contentType ?? (reply.text !== undefined ? 'text/html' : 'application/json'), ...reply.headers });
          res.end(reply.text ?? JSON.stringify(reply.json ?? {}));
          return;
        }
        const usage = reply.usage === undefined ? { prompt_tokens: words(text) + TEMPLATE_OVERHEAD, completion_tokens: words(reply.content) } : reply.usage;
        send(res, 200, {
          id: `chatcmpl-${state.requests.length}`,
          object: 'chat.completion',
          created: 0,
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
          ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
        });
      } finally {
        inFlight--;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

function send(res: ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(json));
}

/** The policy a prompt is for, from the role line it starts with. */
export function roleOf(text: string): string {
  const first = text.split('\n')[0];
  if (first === ROLE_LINES.vanilla) return 'policy';
  if (first === ROLE_LINES.hrlHigh || first === ROLE_LINES.stepHigh || first === ROLE_LINES.stepHighNoProgress) return 'high';
  if (first === ROLE_LINES.hrlLow || first === ROLE_LINES.stepLow || first === ROLE_LINES.stepLowNoProgress) return 'low';
  if (first === ROLE_LINES.progress || first === ROLE_LINES.progressFlat) return 'progress';
  return 'unknown';
}

/**
 * An expert for the corridor fixture: walk east, and say the subtask is finished on the step that reaches
 * the last room. Reads the room from the prompt, as a model would.
 */
export function corridorExpert(request: Received): Reply {
  const room = /(?:Current|Resulting) observation: You are in room (\d+) of (\d+)\./.exec(request.text);
  switch (request.role) {
    case 'high':
      return { content: 'walk east' };
    case 'progress':
      return { content: room ? `Walked east to room ${room[1]} of ${room[2]}.` : 'Walked east.' };
    case 'low': {
      const last = room !== null && Number(room[1]) + 2 === Number(room[2]);
      return { content: `go east; ${last ? 'True' : 'False'}` };
    }
    default:
      return { content: 'go east' };
  }
}

/** The task line of a prompt ("Your task is to reach room 3."), to tell episodes apart. */
export function taskOf(request: Received): string {
  return /Your task is to reach room \d+\./.exec(request.text)?.[0] ?? '';
}
