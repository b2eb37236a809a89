/**
 * One chat-completions request, done carefully: through the official `openai` client against any
 * OpenAI-compatible server, within a per-server concurrency limit, with our own retries (the client's are
 * off, so the policy — which failures, how long to wait — is ours and visible), and with the API key
 * scrubbed from every message that could reach a log.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { TokenCount } from '../../../harness/api.ts';
import { serverGate } from './gate.ts';
import { type HeaderReader, isRetryableStatus, retryDelayMs } from './retry.ts';

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface ChatReply {
  /** The completion text ('' when the server gave none). */
  text: string;
  /** The server's own token counts, when it reported them. */
  usage?: TokenCount;
  /** Why `text` is empty although the request succeeded (no choices, no content). */
  problem?: string;
}

export interface ChatRequest {
  /** Names the call in error messages (e.g. its role). */
  label: string;
  messages: ChatMessage[];
  maxTokens: number;
  seed?: number;
  /** Aborts the request and any wait before a retry (the episode it belongs to is over). */
  signal?: AbortSignal;
}

export interface ChatSettings {
  baseURL: string;
  model: string;
  /** The key itself, read from the environment by the caller; null for a keyless server. */
  apiKey: string | null;
  temperature: number;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  timeoutMs: number;
  retries: number;
  concurrency: number;
  extraBody: Record<string, unknown>;
}

export type CompleteChat = (request: ChatRequest) => Promise<ChatReply>;

/** A request that failed for good: its message is safe to log (no key, no credentials in the URL). */
export class ChatRequestError extends Error {
  override name = 'ChatRequestError';
}

/** A reply that arrived but cannot be read as a chat completion (a proxy's HTML page, a truncated body). */
class MalformedReply extends Error {}

interface Failure {
  retryable: boolean;
  reason: string;
  headers?: HeaderReader;
}

export function createChatClient(settings: ChatSettings): CompleteChat {
  const client = new OpenAI({
    baseURL: settings.baseURL,
    // The client insists on a key; a keyless server gets a placeholder and no Authorization header at all.
    apiKey: settings.apiKey ?? 'no-key',
    ...(settings.apiKey === null ? { defaultHeaders: { Authorization: null } } : {}),
    // Never pick up credentials or headers from OPENAI_* variables meant for another service.
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: settings.timeoutMs,
    logLevel: 'warn',
  });
  const gate = serverGate(settings.baseURL, settings.concurrency);
  const where = displayURL(settings.baseURL);
  const redact = redactor(settings.apiKey);

  const send = async (request: ChatRequest): Promise<ChatReply> => {
    const body = {
      ...settings.extraBody,
      model: settings.model,
      messages: request.messages,
      temperature: settings.temperature,
      [settings.maxTokensField]: request.maxTokens,
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      stream: false,
    };
    const reply: unknown = await client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, {
      signal: request.signal,
    });
    return readReply(reply, redact);
  };

  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      let failure: Failure;
      const release = await gate.acquire(request.signal);
      try {
        return await send(request);
      } catch (e) {
        if (e instanceof APIUserAbortError || request.signal?.aborted) throw e;
        failure = classify(e, settings.timeoutMs, redact);
      } finally {
        release();
      }
      if (!failure.retryable || attempt >= settings.retries) {
        const attempts = `${attempt + 1} attempt${attempt ? 's' : ''}`;
        throw new ChatRequestError(redact(`${request.label} call to ${where} failed after ${attempts}: ${failure.reason}`));
      }
      await sleep(retryDelayMs(attempt, failure.headers), request.signal);
    }
  };
}

/**
 * What went wrong, and whether another attempt may go better. Server text is redacted before it is cut
 * short, so a key split by the cut cannot survive in part.
 */
function classify(e: unknown, timeoutMs: number, redact: (text: string) => string): Failure {
  if (e instanceof APIConnectionTimeoutError) return { retryable: true, reason: `no reply within ${timeoutMs} ms` };
  if (e instanceof APIConnectionError) {
    // fetch wraps the system error (ECONNREFUSED, ENOTFOUND…) twice: that innermost one is what helps.
    const fetchError = (e.cause as { cause?: { code?: string; message?: string }; message?: string } | undefined) ?? {};
    const detail = fetchError.cause?.code ?? fetchError.cause?.message ?? fetchError.message ?? e.message;
    return { retryable: true, reason: `could not reach the server (${redact(detail)})` };
  }
  if (e instanceof APIError && typeof e.status === 'number') {
    return { retryable: isRetryableStatus(e.status), reason: `HTTP ${preview(redact(e.message))}`, headers: e.headers };
  }
  if (e instanceof MalformedReply) return { retryable: true, reason: e.message };
  if (e instanceof SyntaxError) return { retryable: true, reason: `the reply is not valid JSON (${preview(redact(e.message))})` };
  return { retryable: false, reason: preview(redact(e instanceof Error ? e.message : String(e))) };
}

/** The completion text and usage of a chat-completions reply; throws MalformedReply if it is not one. */
export function readReply(reply: unknown, redact: (text: string) => string = (text) => text): ChatReply {
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) {
    const shown = typeof reply === 'string' ? `: ${preview(redact(reply))}` : '';
    throw new MalformedReply(`the reply is not a JSON object${shown}`);
  }
  const body = reply as { choices?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown }; error?: unknown };
  if (!Array.isArray(body.choices)) {
    throw new MalformedReply(
      body.error !== undefined ? `the server answered with an error: ${preview(redact(JSON.stringify(body.error)))}` : 'the reply has no "choices"',
    );
  }
  const result: ChatReply = { text: '' };
  const content = (body.choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content;
  if (body.choices.length === 0) result.problem = 'the reply has no choices';
  // Even a completion could echo the key back (a test double, a misbehaving proxy): it is scrubbed too.
  else if (typeof content === 'string') result.text = redact(content);
  else result.problem = 'the reply has no message content';
  const prompt = body.usage?.prompt_tokens;
  const completion = body.usage?.completion_tokens;
  if (typeof prompt === 'number' && typeof completion === 'number') result.usage = { prompt, completion };
  return result;
}

/** The base URL without credentials or query, for messages and the manifest. */
export function displayURL(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/$/, '');
  } catch {
    return '(an invalid base URL)';
  }
}

/** Replaces every occurrence of the key (a server may echo the request's headers in an error). */
function redactor(key: string | null): (text: string) => string {
  if (!key) return (text) => text;
  return (text) => text.split(key).join('[redacted]');
}

function preview(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
