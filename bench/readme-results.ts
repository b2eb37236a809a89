/**
 * Writes the README's results section from a run folder (the latest paper run): the main table and the
 * token-efficiency tables of that run's Markdown report, with where and when they were measured. Nothing in
 * the section is typed by hand; run this again after a new paper run.
 *
 *   npx tsx bench/readme-results.ts <run-dir> [README.md]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openRun, type ReportModel, reportModel } from '../harness/report/index.ts';
import type { Manifest } from '../harness/store/manifest.ts';
import { renderMarkdown } from '../plugins/reporters/markdown/render.ts';

const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

const [runDir, readmeFile = 'README.md'] = process.argv.slice(2);
if (!runDir) {
  console.error('usage: npx tsx bench/readme-results.ts <run-dir> [README.md]');
  process.exit(2);
}
const run = await openRun(resolve(runDir));
const model = await reportModel(run, { seed: 0, resamples: 1000 });
const text = renderMarkdown(model);

/**
 * Where the reference agent leads, ties or trails each other agent on success, in words. A lead or a trail
 * needs both the exact McNemar test over the paired episodes (p < 0.05) and the bootstrap interval of the
 * difference (two-level over seeds when the run has several) to exclude zero; anything else is a tie at this
 * many episodes and seeds.
 */
function verdict({ paired, reference }: ReportModel): string {
  if (paired.length === 0) return '';
  const lines = paired.map(({ env, split, baseline, comparison: c }) => {
    const { value, low, high } = c.success.difference;
    const clear = c.success.pValue < 0.05 && (low > 0 || high < 0);
    const word = !clear ? 'ties with' : value > 0 ? 'leads' : 'trails';
    const p = c.success.pValue < 0.001 ? 'p < 0.001' : `p = ${c.success.pValue.toFixed(3)}`;
    const points = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
    return `- ${env} ${split}: ${reference} ${word} ${baseline} (${points(value)} points of success [${points(low)}, ${points(high)}], McNemar ${p}).`;
  });
  const rule = 'a lead or a trail is a McNemar p < 0.05 with a 95% interval of the difference that excludes zero; otherwise a tie';
  return [`On success, paired over the same episodes and seeds (${rule}):`, '', ...lines].join('\n');
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
const training = [...trainingSeconds].map(([who, s]) => `${who} ${(mean(s) / 60).toFixed(1)} min`).join('; ');
const body = [
  START,
  `Measured by the suite \`${manifest.suite.name}\` (${manifest.createdAt.slice(0, 10)}, git ${manifest.git.revision?.slice(0, 10) ?? 'unknown'}) on ${machine}. ` +
    'Generated from that run by `npx tsx bench/readme-results.ts <run-dir>`; the full report is in the run folder.',
  '',
  section('Main results'),
  '',
  ...(verdict(model) ? [verdict(model), ''] : []),
  section('Token efficiency').replace(/^### /gm, '#### '),
  ...(text.includes('## Paired comparisons\n') ? ['', '#### Paired comparisons', '', section('Paired comparisons')] : []),
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
