import type { ProgressDisplay } from './progress.ts';

/**
 * Runs tasks with at most `size` at once; `add` waits for a free place, so callers feed work at its pace, and
 * returns the task's own completion as `finished` (which never rejects: a failure is kept for `drain`).
 */
export class Window {
  private readonly running = new Set<Promise<void>>();
  private failure: unknown;

  constructor(readonly size: number) {}

  async add(task: () => Promise<void>): Promise<{ finished: Promise<void> }> {
    while (this.running.size >= this.size) await Promise.race(this.running);
    this.rethrow();
    const promise: Promise<void> = task()
      .catch((e) => {
        this.failure ??= e;
      })
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
    return { finished: promise };
  }

  /** Waits for every task; rethrows the first failure (e.g. an interrupted episode). */
  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

/** Progress of groups of episodes (one env × agent × split) that may finish in any order. */
export class GroupProgress {
  constructor(private readonly display: ProgressDisplay) {}

  open(id: string, label: string, total: number) {
    let done = 0;
    let successes = 0;
    if (total > 0) this.display.begin(id, label, total);
    return {
      finished: (success: boolean) => {
        done++;
        if (success) successes++;
        this.display.update(id, done, undefined, `${Math.round((100 * successes) / done)}% success`);
        if (done === total) this.display.end(id, `${successes}/${done} succeeded`);
      },
    };
  }
}
