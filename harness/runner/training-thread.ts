/**
 * A training task on a thread of its own, started by the pool worker that took the task and ended with it.
 * A training holds a whole split's demonstrations, rollouts and encoded samples; a pool worker that trained
 * in its own heap kept much of that resident after the training (V8 and the allocator keep what they have
 * grown), and went on to its next training or episodes with it. A thread that ends returns its memory. The
 * thread shares the task's heartbeat, so the pool's watchdog sees its progress as before; stopping the pool
 * worker stops it too.
 */
import { resourceLimits, Worker } from 'node:worker_threads';
import type { TrainTask, WorkerTask } from './protocol.ts';
import type { Trained } from './train-agent.ts';

/** What the thread sends back when its training ends. */
export type TrainingOutcome = { ok: true; value: Trained } | { ok: false; message: string };

export function trainOnOwnThread(task: TrainTask & Pick<WorkerTask, 'heartbeat'>): Promise<Trained> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(new URL('./training-thread-entry.mjs', import.meta.url), {
      workerData: task,
      transferList: [task.port],
      // The pool worker's own limits, so a training runs out of memory where it did before.
      resourceLimits,
    });
    let outcome: TrainingOutcome | undefined;
    thread.once('message', (message: TrainingOutcome) => {
      outcome = message;
      // Its work is done: nothing it might still hold open should keep the thread (and its memory) alive.
      void thread.terminate();
    });
    thread.once('error', (error) => {
      outcome ??= { ok: false, message: error.message };
    });
    thread.once('exit', (code) => {
      if (!outcome) reject(new Error(`the training thread stopped (exit code ${code})`));
      else if (outcome.ok) resolve(outcome.value);
      else reject(new Error(outcome.message));
    });
  });
}
