/**
 * Reporting benchmark: synthesises a 100,000-episode run folder (full trajectories and policy calls, as the
 * runner writes them; see run-100k.ts) and renders all four built-in reports from it, printing wall time and the reporting process's
 * peak RSS. The target is under 500 MB: reporters stream the episode log and keep only counters and a few
 * numbers per episode.
 *
 *   npx tsx bench/report-100k.ts [--episodes 100000] [--dir /tmp/report-100k] [--view-per-reporter]
 *
 * Reporters given the same RunView share one pass over the episode log; --view-per-reporter opens a fresh
 * view for each, as a host that does not share views would, to show what that costs.
 *
 * The folder is generated once and reused while its size matches; the report runs in a child process so
 * its peak memory is measured on its own.
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRun } from '../harness/report/open-run.ts';
import { reporters } from '../test/reporters/helpers.ts';
import { syntheticRun100k } from './run-100k.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? undefined : args[at + 1];
};

if (option('report')) {
  await reportOnly(option('report')!);
} else {
  await main();
}

async function main(): Promise<void> {
  const { dir, episodes, logBytes } = await syntheticRun100k(option('dir') ?? join(tmpdir(), 'report-100k'), Number(option('episodes') ?? 100_000));
  console.log(`run folder ${dir}: ${episodes.toLocaleString('en-US')} episodes, episodes.jsonl ${(logBytes / 2 ** 20).toFixed(0)} MiB`);

  const childArgs = [fileURLToPath(import.meta.url), '--report', dir, ...(args.includes('--view-per-reporter') ? ['--view-per-reporter'] : [])];
  const child = spawnSync(process.execPath, [...process.execArgv, ...childArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  process.stdout.write(child.stdout);
  if (child.status !== 0) process.exit(child.status ?? 1);
  console.log(`(run folder kept for reuse at ${dir}; delete it when done)`);
}

async function reportOnly(dir: string): Promise<void> {
  const started = performance.now();
  const shared = await openRun(dir);
  const opened = performance.now();
  const sizes: string[] = [];
  for (const reporter of reporters) {
    const before = performance.now();
    const run = args.includes('--view-per-reporter') ? await openRun(dir) : shared;
    const files = await reporter.render(run, {});
    const bytes = files.reduce((total, file) => total + Buffer.byteLength(file.content as string), 0);
    sizes.push(
      `${reporter.name} ${((performance.now() - before) / 1000).toFixed(1)} s (${files.map((f) => f.path).join(', ')}; ${(bytes / 1024).toFixed(0)} KiB)`,
    );
  }
  const peak = process.resourceUsage().maxRSS / 1024; // KiB → MiB
  console.log(`openRun ${((opened - started) / 1000).toFixed(1)} s; ${sizes.join('; ')}`);
  console.log(`report total ${seconds(started)} s, peak RSS ${peak.toFixed(0)} MiB (target < 500 MB)`);
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
