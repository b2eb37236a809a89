/**
 * When to try a request again, and how long to wait first. A server that says how long to wait
 * (`Retry-After`, or OpenAI's `retry-after-ms`) is obeyed; otherwise the wait doubles with each attempt.
 */

/** Longest wait taken from a server's Retry-After: a longer one would stall the episode past any sensible timeout. */
export const MAX_RETRY_AFTER_MS = 60_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;

/** Statuses worth another attempt: timeouts, lock conflicts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * Milliseconds to wait before attempt `attempt + 1` (attempt 0 is the first try). Jitter (up to a quarter
 * of the backoff) keeps worker threads that failed together from retrying together.
 */
export function retryDelayMs(attempt: number, headers?: HeaderReader, random: () => number = Math.random, now = Date.now()): number {
  const asked = serverDelayMs(headers, now);
  if (asked !== null) return Math.min(Math.max(asked, 0), MAX_RETRY_AFTER_MS);
  const backoff = Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_MAX_MS);
  return Math.round(backoff * (1 - 0.25 * random()));
}

/** The wait a server asked for, or null if it said nothing usable. */
function serverDelayMs(headers: HeaderReader | undefined, now: number): number | null {
  if (!headers) return null;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const after = headers.get('retry-after')?.trim();
  if (!after) return null;
  // Retry-After is either a number of seconds or an HTTP date.
  if (/^\d+(\.\d+)?$/.test(after)) return Number.parseFloat(after) * 1000;
  const date = Date.parse(after);
  return Number.isFinite(date) ? date - now : null;
}
