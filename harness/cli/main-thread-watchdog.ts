import { Worker } from 'node:worker_threads';

/**
 * Watches the main thread from a thread of its own, and writes `message` (with `{seconds}` filled in) to
 * stderr — directly, as a blocked main thread could not pass it on — once the main thread has not turned its
 * event loop for `limitMs`. With `--workers 0` that is a plugin blocking it, and while it does, Ctrl-C and
 * SIGTERM cannot take effect. Returns the function that stops the watch.
 */
export function watchMainThread(limitMs: number, message: string): () => void {
  const ticks = new Int32Array(new SharedArrayBuffer(4));
  const tick = setInterval(() => Atomics.add(ticks, 0, 1), 100);
  tick.unref();
  const worker = new Worker(watcherSource, { eval: true, workerData: { ticks, limitMs, message } });
  worker.unref();
  return () => {
    clearInterval(tick);
    void worker.terminate();
  };
}

// Plain JavaScript (an eval'd worker gets no TypeScript loader), CommonJS.
const watcherSource = `
const { writeSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { ticks, limitMs, message } = workerData;
let seen = Atomics.load(ticks, 0);
let since = Date.now();
let said = false;
setInterval(() => {
  const now = Atomics.load(ticks, 0);
  if (now !== seen) {
    seen = now;
    since = Date.now();
    said = false;
  } else if (!said && Date.now() - since > limitMs) {
    said = true;
    writeSync(2, message.replace('{seconds}', String(Math.round((Date.now() - since) / 1000))));
  }
}, 250);
`;
