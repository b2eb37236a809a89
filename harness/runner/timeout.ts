import { isPending } from '../episode/play.ts';

/** Raised when a plugin call takes longer than the suite's `stepTimeoutMs`. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Raised inside an episode when the run is being stopped (Ctrl-C): the episode is dropped, not recorded. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

/**
 * Awaits a plugin call, failing after `ms`. It cannot stop a plugin that blocks the thread; episodes run in
 * worker threads (`--workers`) for that, where a hung worker is terminated and replaced.
 */
export function withTimeout<T>(value: PromiseLike<T>, ms: number, what: string): Promise<T>;
export function withTimeout<T>(value: T | PromiseLike<T>, ms: number, what: string): T | Promise<T>;
export function withTimeout<T>(value: T | PromiseLike<T>, ms: number, what: string): T | Promise<T> {
  // A plain value (a synchronous plugin) passes straight through: no promise, no timer, on the hot path.
  if (!isPending(value)) return value;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`${what} took longer than ${ms} ms`)), ms);
    value.then(
      (settled) => {
        clearTimeout(timer);
        resolve(settled);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
