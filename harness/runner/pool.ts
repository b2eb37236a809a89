import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { EpisodeRecord } from '../api.ts';
import { episodeStages } from './episode.ts';
import { DONE_STAGE, SETUP_STAGE, type WorkerTask } from './worker.ts';

export const defaultWorkers = () => availableParallelism();

/** Extra time the watchdog gives a stage beyond the suite's timeout, so the worker's own timer fires first. */
const WATCHDOG_GRACE_MS = 2000;
/** Time a worker may take to load the suite, its plugins and an agent's checkpoint. */
const SETUP_TIMEOUT_MS = 120_000;

interface Running {
  beat: Int32Array;
  seen: number;
  since: number;
  abort: AbortController;
  timedOut: boolean;
}

/**
 * Episodes on worker threads. The worker's own timer stops a plugin that awaits forever; a plugin that blocks
 * its thread (a busy loop) is caught by this watchdog, which reads each task's heartbeat and stops the worker
 * when a stage outlives the timeout. A worker that dies (process.exit, out of memory, a crash) fails only its
 * episode; the pool starts a fresh worker for the next.
 */
export class EpisodePool {
  private readonly pool: Piscina;
  private readonly running = new Set<Running>();
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    readonly size: number,
    private readonly stageTimeoutMs: number,
    memoryLimitMb?: number,
  ) {
    this.pool = new Piscina({
      filename: fileURLToPath(new URL('./worker-entry.mjs', import.meta.url)),
      minThreads: size,
      maxThreads: size,
      idleTimeout: 60_000,
      ...(memoryLimitMb ? { resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb } } : {}),
    });
    // Piscina reports a dead worker through the failed task; without a listener the event would throw.
    this.pool.on('error', () => {});
    this.watchdog = setInterval(() => this.check(), 100);
    this.watchdog.unref();
  }

  /** Runs one episode on a worker. Never rejects: a worker's death becomes the episode's error. */
  async run(task: Omit<WorkerTask, 'heartbeat'>, failed: (reason: string) => EpisodeRecord): Promise<EpisodeRecord> {
    const heartbeat = new SharedArrayBuffer(8);
    const entry: Running = { beat: new Int32Array(heartbeat), seen: 0, since: 0, abort: new AbortController(), timedOut: false };
    this.running.add(entry);
    try {
      return (await this.pool.run({ ...task, heartbeat } satisfies WorkerTask, { signal: entry.abort.signal })) as EpisodeRecord;
    } catch (e) {
      const stage = stageName(Atomics.load(entry.beat, 1));
      if (entry.timedOut) return failed(`${stage}: took longer than ${this.stageTimeoutMs} ms (its worker was stopped)`);
      return failed(`${stage}: ${Atomics.load(entry.beat, 0) === 0 ? 'could not start a worker' : 'the worker died'}: ${(e as Error).message}`);
    } finally {
      this.running.delete(entry);
    }
  }

  private check(): void {
    const now = Date.now();
    for (const entry of this.running) {
      const count = Atomics.load(entry.beat, 0);
      const stage = Atomics.load(entry.beat, 1);
      if (count === 0 || stage === DONE_STAGE) continue; // still queued, or finished and not yet collected
      const limit = stage === SETUP_STAGE ? Math.max(SETUP_TIMEOUT_MS, this.stageTimeoutMs) : this.stageTimeoutMs;
      if (count !== entry.seen) {
        entry.seen = count;
        entry.since = now;
      } else if (!entry.timedOut && now - entry.since > limit + WATCHDOG_GRACE_MS) {
        entry.timedOut = true;
        entry.abort.abort();
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog);
    await this.pool.destroy();
  }
}

function stageName(index: number): string {
  return index === SETUP_STAGE ? 'worker setup' : (episodeStages[index] ?? 'worker');
}
