// Entry of a training thread (training-thread.ts): loads the worker's TypeScript as worker-entry.mjs does,
// trains, and sends back the outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { trainHere } = await tsImport('./worker.ts', import.meta.url);
try {
  parentPort.postMessage({ ok: true, value: await trainHere(workerData) });
} catch (e) {
  parentPort.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
}
