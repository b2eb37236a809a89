/**
 * What checking a run's logs costs: `harness run --resume` and `harness report` read the whole episode log
 * once more, before their own work, to set aside lines that cannot be decoded (repairRunLogs). This times
 * that scan on a sound 100,000-episode log against the passes those commands already make: opening the log
 * for appending (resume) and the summary (report). Median of five rounds, in this process.
 *
 *   npx tsx bench/log-scan.ts [--episodes 100000] [--dir /tmp/report-100k]
 *
 * Uses (and, if missing, writes) the synthetic run folder of bench/report-100k.ts.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeRunLog } from '../harness/stats/run-summary.ts';
import { EpisodeLog } from '../harness/store/episode-log.ts';
import { runFiles } from '../harness/store/files.ts';
import { repairRunLogs } from '../harness/store/log-repair.ts';
import { episodesInFixture, writeFixtureRun } from '../test/reporters/fixture.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? undefined : args[at + 1];
};
const wanted = Number(option('episodes') ?? 100_000);
const dir = option('dir') ?? join(tmpdir(), 'report-100k');
const seeds = [1, 2];
const variations = Math.ceil(wanted / episodesInFixture({ variations: 1, seeds }));
const expected = episodesInFixture({ variations, seeds });
const marker = join(dir, '.bench-episodes');
if (!existsSync(marker) || readFileSync(marker, 'utf8') !== String(expected)) {
  rmSync(dir, { recursive: true, force: true });
  const { episodes } = await writeFixtureRun(dir, { variations, seeds, stepLimit: 30 });
  writeFileSync(marker, String(episodes));
}
const files = runFiles(dir);
console.log(`${expected.toLocaleString('en-US')} episodes, episodes.jsonl ${(statSync(files.episodes).size / 2 ** 20).toFixed(0)} MiB`);

const passes: [string, () => Promise<unknown>][] = [
  [
    'repairRunLogs (the added scan)',
    async () => {
      if ((await repairRunLogs(files)).length) throw new Error('the bench log is not sound');
    },
  ],
  ['EpisodeLog.open (resume)', async () => (await EpisodeLog.open(files.episodes)).close()],
  ['summarizeRunLog (report)', () => summarizeRunLog(dir)],
];
const times = new Map<string, number[]>(passes.map(([name]) => [name, []]));
for (let round = 0; round < 5; round++) {
  for (const [name, pass] of passes) {
    const started = performance.now();
    await pass();
    times.get(name)!.push((performance.now() - started) / 1000);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const [name, values] of times) console.log(`${name}: ${median(values).toFixed(2)} s (median of ${values.length})`);
