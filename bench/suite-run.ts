/**
 * Wall time, peak memory and where the time went, for a whole suite run as `harness run` makes it: the CLI in
 * a child process (training, evaluation with the default worker count, summary and reports). Peak memory is
 * the child's high-water resident set (`VmHWM` in /proc, which covers its worker threads), read until it
 * exits. The time split comes from the run's training log: each training unit's phases (demonstrations and
 * their imitation data, behaviour cloning, rollouts, offline RL, the validation episodes), summed over units —
 * units train side by side on the workers, so these are thread-seconds — and the evaluation is the rest of
 * the wall time after the last training finished.
 *
 *   npx tsx bench/suite-run.ts [suite=suites/quickstart.yaml] [--keep] [--target-minutes 4]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { peakRssMiB } from './peak-rss.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const suite = resolve(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--target')) ?? 'suites/quickstart.yaml');
const keep = args.includes('--keep');
const target = Number(flag('target-minutes') ?? 4);
const out = join(mkdtempSync(join(tmpdir(), 'bench-suite-')), 'run');
const bin = resolve(import.meta.dirname, '../harness/bin.mjs');

console.log(`${suite}\n${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${new Date().toISOString()}\n`);
const started = performance.now();
const startedAt = Date.now();
const child = spawn(process.execPath, [bin, 'run', suite, '--out', out], { stdio: ['ignore', 'inherit', 'inherit'] });
let peak = null as number | null;
const poll = setInterval(() => {
  const now = peakRssMiB(child.pid!);
  if (now !== null) peak = Math.max(peak ?? 0, now);
}, 100);
const code = await new Promise<number | null>((done) => child.on('exit', done));
clearInterval(poll);
const seconds = (performance.now() - started) / 1000;

console.log(
  `\nexit code ${code}; wall time ${(seconds / 60).toFixed(2)} min (${seconds.toFixed(0)} s); ` +
    `peak RSS ${peak === null ? 'not measurable here' : `${peak.toFixed(0)} MiB`} (target: ${target} minutes)`,
);
console.log(timeSplit(out, seconds, startedAt));
if (keep) console.log(`run folder kept: ${out}`);
else rmSync(resolve(out, '..'), { recursive: true, force: true });
process.exit(code ?? 1);

/** Thread-seconds per training phase, summed over the run's units, and the evaluation's wall time. */
function timeSplit(dir: string, wall: number, startedAt: number): string {
  const phases: Record<string, string> = {
    data: 'demonstrations, proposals, progress templates',
    'bc-data': 'imitation data (teacher forcing, encoding)',
    bc: 'behaviour cloning',
    rollouts: 'rollouts',
    'rl-data': 'offline-RL data',
    rl: 'offline RL',
    selection: 'model selection (validation episodes)',
    validation: 'validation episodes',
  };
  let events: { phase: string; env: string; agent: string; seed: number; seconds?: number }[];
  try {
    events = readFileSync(join(dir, 'training.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    return 'no training log';
  }
  const totals = new Map<string, number>();
  const units = new Map<string, number>();
  for (const e of events) {
    if (typeof e.seconds !== 'number' || !(e.phase in phases)) continue;
    const unit = `${e.env}:${e.agent}:${e.seed}`;
    const before = units.get(unit) ?? 0;
    totals.set(e.phase, (totals.get(e.phase) ?? 0) + Math.max(0, e.seconds - before));
    units.set(unit, Math.max(before, e.seconds));
  }
  const trained = events.filter((e) => e.phase === 'finished').length;
  const trainingEnd = (statSync(join(dir, 'training.jsonl')).mtimeMs - startedAt) / 1000;
  const lines = [`time split over ${trained} trained units (thread-seconds; units train side by side):`];
  for (const [phase, label] of Object.entries(phases)) {
    const value = totals.get(phase);
    if (value) lines.push(`  ${label.padEnd(46)} ${value.toFixed(0).padStart(7)} s`);
  }
  lines.push(
    `  ${'all training'.padEnd(46)} ${[...totals.values()]
      .reduce((a, b) => a + b, 0)
      .toFixed(0)
      .padStart(7)} s`,
  );
  lines.push(
    `last training event ${trainingEnd.toFixed(0)} s after the start; evaluation, summary and reports after it: ${(wall - trainingEnd).toFixed(0)} s of ${wall.toFixed(0)} s`,
  );
  return lines.join('\n');
}
