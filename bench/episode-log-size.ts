/**
 * Episode log size per episode, before and after a change of the record format: the same suite run by an
 * earlier revision of the harness and by this checkout, then each log measured per env and agent.
 *
 *   npx tsx bench/episode-log-size.ts [--before <git revision>=61ce7e9] [--suite suites/quickstart.yaml]
 *                                     [--limit 4] [--before-run <dir>] [--after-run <dir>] [--keep]
 *
 * The earlier revision is exported with `git archive` into a scratch folder that borrows this checkout's
 * node_modules, so both runs use the same dependencies. `--before-run` / `--after-run` measure existing run
 * folders instead of running the suite. For the log of this checkout the script also says where the bytes
 * go (reset, policy calls, prompt parts, notes, the rest), how large the log would be if every call's
 * prompt were written out in full instead of as indices into the episode's parts, how large with runs of
 * consecutive indices written as ranges (`[0, 1, 2, 3, 7]` as `[[0, 3], 7]`, a possible remedy), and how
 * large gzip makes it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { EpisodeRecord } from '../harness/api.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback?: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
};
const repo = resolve(import.meta.dirname, '..');
const revision = option('before', '61ce7e9')!;
const suite = option('suite', 'suites/quickstart.yaml')!;
const limit = option('limit', '4')!;
const scratch = mkdtempSync(join(tmpdir(), 'bench-log-size-'));

const beforeRun = option('before-run') ?? runAt(exportRevision(revision), join(scratch, 'run-before'));
const afterRun = option('after-run') ?? runAt(repo, join(scratch, 'run-after'));

const before = measure(beforeRun);
const after = measure(afterRun);
console.log(`suite ${suite}, --limit ${limit}; before: ${revision} (${beforeRun}); after: ${gitHead()} (${afterRun})\n`);
console.log(row(['env', 'agent', 'episodes', 'before KiB/ep', 'after KiB/ep', 'after/before', 'prompts in full', 'index ranges']));
for (const [key, a] of after) {
  const b = before.get(key);
  console.log(
    row([
      ...key.split(' '),
      String(a.episodes),
      b ? kib(b.bytes / b.episodes) : '—',
      kib(a.bytes / a.episodes),
      b ? `${(a.bytes / a.episodes / (b.bytes / b.episodes)).toFixed(2)}×` : '—',
      kib(a.fullPromptBytes / a.episodes),
      kib(a.rangeBytes / a.episodes),
    ]),
  );
}
const total = (m: Map<string, Sizes>, pick: (s: Sizes) => number) => [...m.values()].reduce((n, s) => n + pick(s), 0);
const beforePer = total(before, (s) => s.bytes) / total(before, (s) => s.episodes);
const afterPer = total(after, (s) => s.bytes) / total(after, (s) => s.episodes);
console.log(
  `\nall episodes: before ${kib(beforePer)} KiB, after ${kib(afterPer)} KiB per episode (${(afterPer / beforePer).toFixed(2)}×); ` +
    `with every prompt written in full: ${kib(total(after, (s) => s.fullPromptBytes) / total(after, (s) => s.episodes))} KiB; ` +
    `with index ranges: ${kib(total(after, (s) => s.rangeBytes) / total(after, (s) => s.episodes))} KiB`,
);
const gzipped = (dir: string) => gzipSync(readFileSync(join(dir, 'episodes.jsonl'))).length;
// Each record its own gzip member: still appendable one write per episode, and indexable by byte offset.
const perRecord = (dir: string) =>
  readFileSync(join(dir, 'episodes.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .reduce((n, line) => n + gzipSync(`${line}\n`).length, 0);
const perEpisode = (bytes: number, m: Map<string, Sizes>) => kib(bytes / total(m, (s) => s.episodes));
console.log(
  `gzip -6, whole log: before ${perEpisode(gzipped(beforeRun), before)} KiB, after ${perEpisode(gzipped(afterRun), after)} KiB per episode; ` +
    `each record its own gzip member: before ${perEpisode(perRecord(beforeRun), before)} KiB, after ${perEpisode(perRecord(afterRun), after)} KiB`,
);
const parts = ['reset', 'calls', 'parts', 'note', 'rest'] as const;
console.log(
  `where the bytes of the new log go: ${parts.map((p) => `${p} ${((100 * total(after, (s) => s.breakdown[p])) / total(after, (s) => s.bytes)).toFixed(1)}%`).join(', ')}`,
);
if (!args.includes('--keep')) rmSync(scratch, { recursive: true, force: true });
else console.log(`runs kept under ${scratch}`);

interface Sizes {
  episodes: number;
  bytes: number;
  /** The log's bytes if each call's prompt were its full text rather than indices into `parts`. */
  fullPromptBytes: number;
  /** The log's bytes if runs of consecutive prompt indices were written as [first, last] pairs. */
  rangeBytes: number;
  breakdown: Record<'reset' | 'calls' | 'parts' | 'note' | 'rest', number>;
}

function measure(dir: string): Map<string, Sizes> {
  const sizes = new Map<string, Sizes>();
  const lines = readFileSync(join(dir, 'episodes.jsonl'), 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const record = JSON.parse(line) as EpisodeRecord;
    const key = `${record.env} ${record.agent}`;
    let s = sizes.get(key);
    if (!s) sizes.set(key, (s = { episodes: 0, bytes: 0, fullPromptBytes: 0, rangeBytes: 0, breakdown: { reset: 0, calls: 0, parts: 0, note: 0, rest: 0 } }));
    const bytes = Buffer.byteLength(line) + 1;
    const json = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));
    const reset = json(record.reset);
    const partsBytes = json(record.parts);
    let calls = 0;
    let notes = 0;
    let fullCalls = 0;
    let rangeCalls = 0;
    for (const step of record.trajectory) {
      calls += json(step.calls);
      notes += json(step.note);
      if (step.calls) {
        fullCalls += json(step.calls.map((call) => ({ ...call, prompt: call.prompt.map((i) => record.parts![i]).join('') })));
        rangeCalls += json(step.calls.map((call) => ({ ...call, prompt: asRanges(call.prompt) })));
      }
    }
    s.episodes++;
    s.bytes += bytes;
    s.fullPromptBytes += bytes - calls - partsBytes + fullCalls;
    s.rangeBytes += bytes - calls + rangeCalls;
    s.breakdown.reset += reset;
    s.breakdown.calls += calls;
    s.breakdown.parts += partsBytes;
    s.breakdown.note += notes;
    s.breakdown.rest += bytes - reset - calls - partsBytes - notes;
  }
  return sizes;
}

/** `[0, 1, 2, 3, 7]` → `[[0, 3], 7]`: runs of three or more consecutive indices as [first, last]. */
function asRanges(indices: number[]): (number | [number, number])[] {
  const out: (number | [number, number])[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    if (j - i >= 2) out.push([indices[i], indices[j]]);
    else for (let k = i; k <= j; k++) out.push(indices[k]);
    i = j + 1;
  }
  return out;
}

function exportRevision(rev: string): string {
  const tree = join(scratch, `tree-${rev}`);
  mkdirSync(tree);
  execFileSync('sh', ['-c', `git -C "${repo}" archive ${rev} | tar -x -C "${tree}"`]);
  symlinkSync(join(repo, 'node_modules'), join(tree, 'node_modules'));
  return tree;
}

function runAt(tree: string, out: string): string {
  console.error(`running ${suite} --limit ${limit} in ${tree} …`);
  const result = spawnSync(process.execPath, [join(tree, 'harness/bin.mjs'), 'run', join(tree, suite), '--limit', limit, '--quiet', '--out', out], {
    cwd: tree,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0 || !existsSync(join(out, 'episodes.jsonl'))) throw new Error(`the run in ${tree} failed (exit ${result.status})`);
  return out;
}

function gitHead(): string {
  return execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD']).toString().trim();
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

function row(cells: string[]): string {
  const widths = [14, 12, 9, 14, 13, 13, 16, 13];
  return cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' ');
}
