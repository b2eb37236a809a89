/**
 * Wall time and peak memory of the default run, as `npm start` makes it: the CLI in a child process on
 * suites/quickstart.yaml (training, evaluation with the default worker count, reports). Peak memory is the
 * child's high-water resident set (`VmHWM` in /proc, which covers its worker threads), read until it exits.
 *
 *   npx tsx bench/quickstart.ts [suite=suites/quickstart.yaml] [--keep]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { peakRssMiB } from './peak-rss.ts';

const args = process.argv.slice(2);
const suite = resolve(args.find((a) => !a.startsWith('--')) ?? 'suites/quickstart.yaml');
const keep = args.includes('--keep');
const out = join(mkdtempSync(join(tmpdir(), 'bench-quickstart-')), 'run');
const bin = resolve(import.meta.dirname, '../harness/bin.mjs');

console.log(`${suite}\n${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}\n`);
const started = performance.now();
const child = spawn(process.execPath, [bin, 'run', suite, '--out', out], { stdio: ['ignore', 'inherit', 'inherit'] });
let peak = null as number | null; // raised by the poll below
const poll = setInterval(() => {
  try {
    const now = peakRssMiB(child.pid!);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  } catch {
    // The process ended between two reads.
  }
}, 100);
const code = await new Promise<number | null>((done) => child.on('exit', done));
clearInterval(poll);
const seconds = (performance.now() - started) / 1000;

console.log(
  `\nexit code ${code}; wall time ${(seconds / 60).toFixed(2)} min (${seconds.toFixed(0)} s); ` +
    `peak RSS ${peak === null ? 'not measurable here' : `${peak.toFixed(0)} MiB`} (target: under 5 minutes)`,
);
if (keep) console.log(`run folder kept: ${out}`);
else rmSync(resolve(out, '..'), { recursive: true, force: true });
process.exit(code ?? 1);
