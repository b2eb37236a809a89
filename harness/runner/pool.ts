import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { EpisodeRecord } from '../api.ts';
import { episodeStages } from './episode.ts';
import {
  COLLECT_STAGE,
  type CollectTask,
  DONE_STAGE,
  type EpisodeTask,
  SETUP_STAGE,
  TRAIN_STAGE,
  type TrainMessage,
  type TrainTask,
  type WorkerTask,
} from './protocol.ts';

export const defaultWorkers = () => availableParallelism();

/**
 * Heap limit per worker unless one is given (a worker's training thread has the same): a training holds a
 * whole split's demonstrations, rollouts and encoded samples, so the limit leaves room for that, while
 * still stopping a plugin that exhausts it and reporting it as out of memory (without a limit, V8's own
 * default takes so long to fill that the step's time limit fires first).
 */
export const DEFAULT_WORKER_MEMORY_MB = 3072;

/** Extra time the watchdog gives a stage beyond its limit, so the worker's own timer fires first. */
const WATCHDOG_GRACE_MS = 2000;
/** Time a worker may take to load plugins and an agent's checkpoint. */
const SETUP_TIMEOUT_MS = 120_000;

interface Running {
  beat: Int32Array;
  seen: number;
  since: number;
  abort: AbortController;
  timedOut: boolean;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Episodes, training-data collection and whole trainings on worker threads. The worker's own timer stops a plugin that
 * awaits forever; a plugin that blocks its thread (a busy loop) is caught by this watchdog, which reads each
 * task's heartbeat and stops the worker when a stage outlives its limit. A worker that dies (process.exit,
 * out of memory, a crash) fails only its task; the pool starts a fresh worker for the next.
 */
export class EpisodePool {
  private readonly pool: Piscina;
  private readonly running = new Set<Running>();
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    readonly size: number,
    private readonly limits: { stepTimeoutMs: number; stepLimit: number },
    memoryLimitMb?: number,
  ) {
    this.pool = new Piscina({
      filename: fileURLToPath(new URL('./worker-entry.mjs', import.meta.url)),
      minThreads: size,
      maxThreads: size,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb ?? DEFAULT_WORKER_MEMORY_MB },
    });
    // Piscina reports a dead worker through the failed task; without a listener the event would throw.
    this.pool.on('error', () => {});
    this.watchdog = setInterval(() => this.check(), 100);
    this.watchdog.unref();
  }

  /**
   * Runs one episode on a worker. Never rejects: a worker's death becomes the episode's error. Aborting
   * `stop` drops the episode at once, queued or running (its worker is stopped), so a run that is told to
   * stop does not wait for whole episodes it would not keep.
   */
  async run(task: Omit<EpisodeTask, 'kind'>, failed: (reason: string) => EpisodeRecord, stop?: AbortSignal): Promise<EpisodeRecord> {
    const outcome = await this.exec<EpisodeRecord>({ ...task, kind: 'episode' }, { stop });
    return outcome.ok ? outcome.value : failed(outcome.reason);
  }

  /** Runs an agent's `collect()` on a worker; a failure gives its reason instead of the data. */
  collect(task: Omit<CollectTask, 'kind'>): Promise<Outcome<unknown>> {
    return this.exec({ ...task, kind: 'collect' });
  }

  /**
   * Trains an agent on a worker, which saves its checkpoint; its training events arrive through `onMessage`
   * as it runs. Rejects with the reason when training fails (the agent's unit then fails its episodes).
   */
  async train(task: Omit<TrainTask, 'kind' | 'port'>, onMessage: (message: TrainMessage) => void, stop?: AbortSignal): Promise<void> {
    const channel = new MessageChannel();
    channel.port1.on('message', onMessage);
    try {
      const outcome = await this.exec({ ...task, kind: 'train', port: channel.port2 }, { stop, transferList: [channel.port2] });
      if (!outcome.ok) throw new Error(outcome.reason);
    } finally {
      channel.port1.close();
    }
  }

  /** Runs a task on a worker; `stop` drops it at once (queued or running), `transferList` moves ports to it. */
  private async exec<T>(task: EpisodeTask | CollectTask | TrainTask, options: { stop?: AbortSignal; transferList?: Transferable[] } = {}): Promise<Outcome<T>> {
    const { stop, transferList = [] } = options;
    const heartbeat = new SharedArrayBuffer(8);
    const entry: Running = { beat: new Int32Array(heartbeat), seen: 0, since: 0, abort: new AbortController(), timedOut: false };
    const onStop = () => entry.abort.abort();
    if (stop?.aborted) onStop();
    stop?.addEventListener('abort', onStop);
    this.running.add(entry);
    try {
      const run = this.pool.run({ ...task, heartbeat } satisfies WorkerTask, { signal: entry.abort.signal, transferList: transferList as never });
      return { ok: true, value: (await run) as T };
    } catch (e) {
      const stage = Atomics.load(entry.beat, 1);
      const name = stageName(stage);
      if (entry.timedOut) return { ok: false, reason: `${name}: took longer than ${this.limitOf(stage)} ms (its worker was stopped)` };
      // An episode never throws (its errors are in its record): a task that ends in an episode's stage lost its worker.
      const what = Atomics.load(entry.beat, 0) === 0 ? 'could not start a worker' : stage < episodeStages.length ? 'the worker died' : 'failed';
      return { ok: false, reason: `${name}: ${what}: ${(e as Error).message}` };
    } finally {
      stop?.removeEventListener('abort', onStop);
      this.running.delete(entry);
    }
  }

  /** How long a stage may go without a heartbeat. */
  private limitOf(stage: number): number {
    const { stepTimeoutMs, stepLimit } = this.limits;
    if (stage === SETUP_STAGE) return Math.max(SETUP_TIMEOUT_MS, stepTimeoutMs);
    // Collection is one call that plays a whole episode; training beats at every event and collected episode.
    if (stage === COLLECT_STAGE || stage === TRAIN_STAGE) return Math.max(SETUP_TIMEOUT_MS, stepTimeoutMs * (stepLimit + 1));
    return stepTimeoutMs;
  }

  private check(): void {
    const now = Date.now();
    for (const entry of this.running) {
      const count = Atomics.load(entry.beat, 0);
      const stage = Atomics.load(entry.beat, 1);
      if (count === 0 || stage === DONE_STAGE) continue; // still queued, or finished and not yet collected
      if (count !== entry.seen) {
        entry.seen = count;
        entry.since = now;
      } else if (!entry.timedOut && now - entry.since > this.limitOf(stage) + WATCHDOG_GRACE_MS) {
        entry.timedOut = true;
        entry.abort.abort();
      }
    }
  }

  private closing: Promise<void> | null = null;

  /** Stops every worker (tasks still running fail); safe to call more than once. */
  close(): Promise<void> {
    clearInterval(this.watchdog);
    this.closing ??= this.pool.destroy();
    return this.closing;
  }
}

function stageName(index: number): string {
  if (index === SETUP_STAGE) return 'worker setup';
  if (index === COLLECT_STAGE) return 'agent.collect';
  if (index === TRAIN_STAGE) return 'agent.train';
  return episodeStages[index] ?? 'worker';
}
