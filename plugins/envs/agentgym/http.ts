/**
 * JSON over HTTP to an AgentGym server, with a deadline per request and retries with exponential backoff
 * where a retry cannot do harm: a refused connection (the request never arrived), a 503 or 429 answer (the
 * server declined it), or — for requests that change nothing when repeated — a dropped connection or another
 * 5xx answer. A request that times out is not retried: a server that stalls once will stall the episode
 * anyway, and the runner should hear about it.
 */

export interface HttpSettings {
  baseURL: string;
  retries: number;
  retryBackoffMs: number;
}

export interface RequestOptions {
  /** GET with `?id=` style parameters, or POST with a JSON body. */
  query?: Record<string, string | number>;
  body?: Record<string, unknown>;
  timeoutMs: number;
  /** Repeating it changes nothing on the server (reads, reset, close). */
  idempotent: boolean;
  /** Aborts the request when the episode is closed under it. */
  signal?: AbortSignal;
}

/** The server answered, but with an error (an HTTP error status or an `{ "error": ... }` body). */
export class ServerError extends Error {
  override name = 'ServerError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const EXCERPT = 200;
const REFUSED = new Set(['ECONNREFUSED']);
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export async function requestJson(http: HttpSettings, method: 'GET' | 'POST', path: string, opts: RequestOptions): Promise<unknown> {
  const what = `${method} ${path}`;
  for (let attempt = 0; ; attempt++) {
    const outcome = await once(http, method, path, opts, what);
    if (outcome.ok) return outcome.value;
    const retryable = outcome.declined || (opts.idempotent && outcome.transient);
    if (!retryable || attempt >= http.retries || opts.signal?.aborted) throw outcome.error;
    await sleep(http.retryBackoffMs * 2 ** attempt, opts.signal);
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: Error; declined: boolean; transient: boolean };

async function once(http: HttpSettings, method: string, path: string, opts: RequestOptions, what: string): Promise<Outcome> {
  const url = new URL(path.replace(/^\//, ''), http.baseURL.endsWith('/') ? http.baseURL : `${http.baseURL}/`);
  for (const [key, value] of Object.entries(opts.query ?? {})) url.searchParams.set(key, String(value));
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, {
      method,
      signal,
      headers: opts.body ? { 'content-type': 'application/json' } : undefined,
      body: opts.body ? JSON.stringify(opts.body) : undefined,
    });
    status = response.status;
    text = await response.text();
  } catch (e) {
    if (timeout.aborted) return fail(new Error(`${what} got no reply from ${http.baseURL} within ${opts.timeoutMs} ms`));
    if (opts.signal?.aborted) return fail(new Error(`${what} was cancelled: the episode was closed`));
    const code = errorCode(e);
    return {
      ok: false,
      error: new Error(`${what} to ${http.baseURL} failed: ${code ?? (e as Error).message}`),
      declined: code !== undefined && REFUSED.has(code),
      transient: code !== undefined && DROPPED.has(code),
    };
  }
  if (status !== 200) {
    const error = new ServerError(`${what} answered HTTP ${status}: ${excerpt(text)}`, status);
    return { ok: false, error, declined: status === 503 || status === 429, transient: status >= 500 };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(new Error(`${what} sent a reply that is not JSON: ${excerpt(text)}`));
  }
  // AgentGym servers report their own failures as `{ "error": "..." }` with status 200.
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'error' in value) {
    return fail(new ServerError(`${what}: the server says: ${String((value as { error: unknown }).error)}`, status));
  }
  return { ok: true, value };
}

function fail(error: Error): Outcome {
  return { ok: false, error, declined: false, transient: false };
}

function errorCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown } })?.cause;
  const code = cause?.code ?? (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

function excerpt(text: string): string {
  return JSON.stringify(text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
