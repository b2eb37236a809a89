/**
 * Evaluation throughput with 1 and 2 worker threads (and on the main thread) on a suite's evaluation
 * episodes: the suite is trained once; each measured run starts from a copy of those checkpoints, so only
 * evaluation is timed (worker start-up and checkpoint loading included; the end-of-run reports, a one-off on
 * the main thread, are left out). Records must be identical across
 * worker counts; the script checks that too.
 *
 * To read the speed-up against what the machine itself allows, the script first measures the machine's own
 * scaling: a CPU-bound loop on one thread, then the same loop on two threads at once (virtual machines often
 * give two vCPUs less than twice the throughput of one).
 *
 *   npx tsx bench/parallel-speedup.ts [suite=suites/quickstart.yaml]
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runSuite } from '../harness/runner/run.ts';
import { loadSuite } from '../harness/spec/load.ts';
import { runFiles } from '../harness/store/files.ts';

const suiteFile = resolve(process.argv[2] ?? 'suites/quickstart.yaml');
const root = mkdtempSync(join(tmpdir(), 'bench-parallel-'));
const loaded = await loadSuite(suiteFile);

/** Seconds for `threads` threads to each run the same fixed CPU-bound loop at once. */
async function spin(threads: number): Promise<number> {
  const loop = 'let x = 0; for (let i = 0; i < 1e9; i++) x = (x + i) % 1000003; require("node:worker_threads").parentPort.postMessage(x);';
  const started = performance.now();
  await Promise.all(
    Array.from({ length: threads }, () => new Promise((done, fail) => new Worker(loop, { eval: true }).once('message', done).once('error', fail))),
  );
  return (performance.now() - started) / 1000;
}

console.log(`suite ${suiteFile}; ${availableParallelism()} cores`);
const [one, two] = [await spin(1), await spin(2)];
console.log(
  `this machine's own scaling: a CPU-bound loop takes ${one.toFixed(1)} s on one thread, ${two.toFixed(1)} s on each of two at once: ${((2 * one) / two).toFixed(2)}× the throughput`,
);
const trainedDir = join(root, 'trained');
let started = performance.now();
const trained = await runSuite(loaded, { dir: trainedDir, quiet: true, workers: 2 });
console.log(`training + first evaluation: ${((performance.now() - started) / 1000).toFixed(1)} s, ${trained.ran} episodes`);

/** A run folder holding only the trained checkpoints: resuming it evaluates every episode, trains nothing. */
function freshFromCheckpoints(name: string): string {
  const dir = join(root, name);
  const from = runFiles(trainedDir);
  const to = runFiles(dir);
  cpSync(from.checkpoints, to.checkpoints, { recursive: true });
  cpSync(from.suite, to.suite);
  writeFileSync(to.manifest, readFileSync(from.manifest));
  return dir;
}

const canonical = (dir: string) =>
  readFileSync(join(dir, 'episodes.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const { durationMs: _, ...rest } = JSON.parse(line);
      return JSON.stringify(rest);
    })
    .sort()
    .join('\n');

// The measured runs evaluate and summarise; their reports are not part of evaluation throughput.
const evaluationOnly = { ...loaded, spec: { ...loaded.spec, reports: [] }, plugins: { ...loaded.plugins, reports: [] } };
const rates: Record<string, number> = {};
for (const workers of [0, 1, 2]) {
  const dir = freshFromCheckpoints(`w${workers}`);
  started = performance.now();
  const outcome = await runSuite(evaluationOnly, { dir, resume: true, quiet: true, workers });
  const seconds = (performance.now() - started) / 1000;
  rates[workers] = outcome.ran / seconds;
  const same = canonical(dir) === canonical(trainedDir);
  console.log(
    `${workers === 0 ? 'main thread' : `${workers} worker${workers > 1 ? 's' : ' '}`}: ${outcome.ran} episodes in ${seconds.toFixed(1)} s = ${rates[workers].toFixed(1)} episodes/s; records ${same ? 'identical' : 'DIFFER'}`,
  );
}
console.log(`speed-up 2 workers / 1 worker: ${(rates[2] / rates[1]).toFixed(2)}×`);
rmSync(root, { recursive: true, force: true });
