/**
 * A limit on requests in flight. Gates are shared per server within one thread (module state is per worker
 * thread), so every `llm` agent of a thread that talks to the same base URL waits in the same queue.
 */

export interface Gate {
  /** Resolves with a release function once a slot is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Lowers the limit (never raises it): agents sharing a server get the strictest limit any of them asks. */
  tighten(limit: number): void;
}

export function createGate(limit: number): Gate {
  let max = limit;
  let active = 0;
  const waiting: { grant: () => void }[] = [];

  const release = () => {
    active--;
    while (active < max && waiting.length > 0) {
      active++;
      waiting.shift()!.grant();
    }
  };
  const releaseOnce = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < max) {
        active++;
        return Promise.resolve(releaseOnce());
      }
      return new Promise((resolve, reject) => {
        const entry = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve(releaseOnce());
          },
        };
        const onAbort = () => {
          const i = waiting.indexOf(entry);
          if (i >= 0) waiting.splice(i, 1);
          reject(signal!.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(entry);
      });
    },
    tighten(limit) {
      max = Math.min(max, limit);
    },
  };
}

const shared = new Map<string, Gate>();

/** The gate of a server in this thread, created on first use. */
export function serverGate(baseURL: string, limit: number): Gate {
  let gate = shared.get(baseURL);
  if (!gate) shared.set(baseURL, (gate = createGate(limit)));
  else gate.tighten(limit);
  return gate;
}
