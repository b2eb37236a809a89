/**
 * Memory of a large run: 100,000 evaluation episodes of the trivial env with the random agent on two worker
 * threads, then the summary and the JSON report. Prints wall time, episodes/s and the process's peak RSS
 * (worker threads included), sampled through the run.
 *
 *   npx tsx bench/memory-100k.ts [episodes=100000]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishRun } from '../harness/report/write-run.ts';
import { runSuite } from '../harness/runner/run.ts';
import { loadSuite } from '../harness/spec/load.ts';

const episodes = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
const suiteFile = join(dir, 'suite.yaml');
writeFileSync(
  suiteFile,
  [
    'name: memory',
    'tokenizer: whitespace',
    'stepLimit: 20',
    'envs:',
    `  - use: ${join(import.meta.dirname, 'trivial-env.ts')}`,
    `    options: { episodes: ${episodes} }`,
    '    splits: { train: { limit: 1 }, seen: {} }',
    'agents: [random]',
    'reports: [json]',
  ].join('\n'),
);

let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
const started = performance.now();
const loaded = await loadSuite(suiteFile);
const outcome = await runSuite(loaded, { dir: join(dir, 'run'), quiet: true, workers: 2 });
const { summary } = await finishRun(loaded, outcome.dir);
const logged = summary.rows.reduce((n, row) => n + row.episodes, 0);
const errors = summary.rows.reduce((n, row) => n + row.errors, 0);
const seconds = (performance.now() - started) / 1000;
clearInterval(sample);
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
const log = statSync(join(dir, 'run', 'episodes.jsonl')).size;
console.log(`${logged} episodes (${errors} errors) in ${seconds.toFixed(1)} s = ${(logged / seconds).toFixed(0)} episodes/s`);
console.log(`episode log ${(log / 2 ** 20).toFixed(0)} MiB; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
rmSync(dir, { recursive: true, force: true });
