/**
 * Writes a README section from a run folder: the main table, where the reference agent leads, ties or trails,
 * the paired comparisons and the token-efficiency tables of that run's Markdown report, with where and when
 * they were measured. Nothing in the section is typed by hand; run this again after a new run.
 *
 *   npx tsx bench/readme-results.ts <run-dir> [README.md] [--section results|ablations] [--reference agent]
 *
 * `results` (the paper comparison) keeps the per-seed figures and every token table; `ablations` (many agent
 * variants) keeps the pooled main table, the success comparisons and tokens per step by agent. The reference agent is
 * the one the suite's Markdown reporter names (or its default), unless `--reference` names another.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { markdownRows, openRun, type ReportModel, type ReportOptions, reportModel } from '../harness/report/index.ts';
import type { Manifest } from '../harness/store/manifest.ts';
import { renderMarkdown } from '../plugins/reporters/markdown/render.ts';

const args = process.argv.slice(2);
/** A `--name value` flag's value; both are taken out of `args`. */
function takeFlag(name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at < 0 ? undefined : args.splice(at, 2)[1];
}
const part = takeFlag('section') ?? 'results';
const referenceAgent = takeFlag('reference');
const [runDir, readmeFile = 'README.md'] = args;
if (!runDir || (part !== 'results' && part !== 'ablations')) {
  console.error('usage: npx tsx bench/readme-results.ts <run-dir> [README.md] [--section results|ablations] [--reference agent]');
  process.exit(2);
}
const START = `<!-- ${part}:start -->`;
const END = `<!-- ${part}:end -->`;
const run = await openRun(resolve(runDir));
// The Markdown reporter's options as the suite gave them (its reference agent, its bounds), unless overridden.
const reporters = (run.manifest as { suite?: { reports?: { use: string; options?: ReportOptions }[] } }).suite?.reports ?? [];
const suiteOptions = reporters.find((r) => r.use === 'markdown')?.options ?? {};
const model = await reportModel(run, { ...suiteOptions, ...(referenceAgent ? { reference: referenceAgent } : {}), seed: 0, resamples: 1000 });
const text = renderMarkdown(model);

/**
 * Where the reference agent leads, ties or trails each other agent on success, as a table: one row per other
 * agent, one column per env × split. A lead or a trail needs both the exact McNemar test over the paired
 * episodes (p < 0.05) and the bootstrap interval of the difference (two-level over seeds when the run has
 * several) to exclude zero; anything else is a tie at this many episodes and seeds.
 */
function verdict({ paired, reference }: ReportModel): string {
  if (paired.length === 0) return '';
  const columns = [...new Set(paired.map((row) => `${row.env} ${row.split}`))];
  const baselines = [...new Set(paired.map((row) => row.baseline))];
  const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
  const cell = (baseline: string, column: string) => {
    const row = paired.find((r) => r.baseline === baseline && `${r.env} ${r.split}` === column);
    if (!row) return '–';
    const { value, low, high } = row.comparison.success.difference;
    const p = row.comparison.success.pValue;
    const word = p >= 0.05 || (low <= 0 && high >= 0) ? 'ties' : value > 0 ? '**leads**' : '**trails**';
    return `${word} ${points(value)} [${points(low)}, ${points(high)}], p ${p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`}`;
  };
  const rule = 'a lead or a trail is a McNemar p < 0.05 with a 95% interval that excludes zero; otherwise a tie';
  return [
    `${reference} against each other agent on success, paired over the same episodes and seeds: the difference in points with its interval and the McNemar p (${rule}).`,
    '',
    markdownRows(
      [`${reference} vs`, ...columns],
      baselines.map((baseline) => [baseline, ...columns.map((column) => cell(baseline, column))]),
      [false, ...columns.map(() => true)],
    ),
  ].join('\n');
}

/** The body of a `## title` section of the report (up to the next `## `), without its heading. */
function section(title: string): string {
  const start = text.indexOf(`## ${title}\n`);
  if (start < 0) return '';
  const body = text.slice(start + title.length + 4);
  const end = body.search(/\n## /);
  return (end < 0 ? body : body.slice(0, end)).trim();
}

const manifest = run.manifest as unknown as Manifest;
// Each agent's training time on an env, as the mean over the run's seeds.
const trainingSeconds = new Map<string, number[]>();
for await (const event of run.training()) {
  if (event.phase !== 'finished') continue;
  const who = `${event.agent} on ${event.env}`;
  trainingSeconds.set(who, [...(trainingSeconds.get(who) ?? []), Number(event.seconds)]);
}
const seeds = Math.max(0, ...[...trainingSeconds.values()].map((s) => s.length));
const machine = `${manifest.platform.cpus} × ${manifest.platform.cpuModel}, ${manifest.platform.memoryGiB} GiB, Node ${manifest.node}, tensor backend ${manifest.backend ?? 'none'}`;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const training = [...trainingSeconds]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([who, s]) => `${who} ${(mean(s) / 60).toFixed(1)} min`)
  .join('; ');
const full = part === 'results';
// The per-seed table follows the pooled one under its own heading; a run of many variants keeps only the latter.
const main = section('Main results');
const pooled = full ? main : main.split('\n### Per training seed')[0].replace('; the per-seed figures follow', '').trim();
const tokens = section('Token efficiency').replace(/^### /gm, '#### ');
const tokensByAgent = tokens.split('\n#### Tokens per step by role')[0].trim();
const body = [
  START,
  `Measured by the suite \`${manifest.suite.name}\` (${manifest.createdAt.slice(0, 10)}, git ${manifest.git.revision?.slice(0, 10) ?? 'unknown'}) on ${machine}. ` +
    `Generated from that run by \`npx tsx bench/readme-results.ts <run-dir>${full ? '' : ` --section ${part}`}${referenceAgent ? ` --reference ${referenceAgent}` : ''}\`; the full report is in the run folder.`,
  '',
  pooled,
  '',
  ...(verdict(model) ? [verdict(model), ''] : []),
  full ? tokens : tokensByAgent,
  // The full paired table (score and tokens too) for the paper comparison; the ablations keep the verdict's.
  ...(full && text.includes('## Paired comparisons\n') ? ['', '#### Paired comparisons', '', section('Paired comparisons')] : []),
  ...(training ? ['', `Training time on this machine${seeds > 1 ? ` (mean over ${seeds} seeds)` : ''}: ${training}.`] : []),
  END,
].join('\n');

const readme = readFileSync(readmeFile, 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) {
  console.error(`${readmeFile} has no ${START} … ${END} section`);
  process.exit(2);
}
writeFileSync(readmeFile, readme.slice(0, from) + body + readme.slice(to + END.length));
console.log(`wrote the results of ${manifest.runId} into ${readmeFile}`);
