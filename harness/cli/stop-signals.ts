import type { ProgressDisplay } from '../runner/progress.ts';
import { InterruptedError } from '../runner/timeout.ts';
import { exitProcess } from './exit-guard.ts';

/**
 * SIGINT and SIGTERM for `harness run`. Until the run starts, nothing is written yet, and a signal ends the
 * process at once. Once it runs, the first signal asks it to stop: finished episodes are kept, the summary
 * and reports are written, and the command exits 130; a second ends the process at once.
 */
export function stopOnSignals(): { signal: AbortSignal; runStarted(): void } {
  const controller = new AbortController();
  let running = false;
  const onSignal = () => {
    if (!running) {
      console.error('\nInterrupted before the run started; nothing was written.');
      exitProcess(130);
    }
    if (controller.signal.aborted) exitProcess(130);
    controller.abort();
    console.error('\nStopping after the current step; finished episodes are kept. Ctrl-C again to quit at once.');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    runStarted: () => {
      running = true;
    },
  };
}

/**
 * A progress display that throws InterruptedError once `signal` is aborted. Trainers report progress at every
 * step, so this is where a stop request reaches training on the main thread, which may otherwise last hours.
 */
export function stopAtProgress(display: ProgressDisplay, signal: AbortSignal): ProgressDisplay {
  const check = () => {
    if (signal.aborted) throw new InterruptedError('the run was stopped');
  };
  return {
    begin: (id, label, total) => {
      check();
      display.begin(id, label, total);
    },
    update: (id, done, total, status) => {
      check();
      display.update(id, done, total, status);
    },
    end: (id, status) => display.end(id, status),
    log: (message) => display.log(message),
    stop: () => display.stop(),
  };
}
