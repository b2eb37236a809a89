import type { TrainingEvent } from '../api.ts';

/** How trainers report: events for the run's training log, progress for the progress bar. */
export interface TrainerHooks {
  log?(event: TrainingEvent): void;
  progress?(phase: string, done: number, total: number): void;
  /** Called between steps so a long training loop lets timers and signals run. */
  yield?(): Promise<void>;
}

/** A `yield` hook that gives the event loop a turn every `every` calls. */
export function yieldEvery(every = 20): () => Promise<void> {
  let calls = 0;
  return () => (++calls % every === 0 ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve());
}
