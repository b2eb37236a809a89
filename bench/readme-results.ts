/**
 * Writes the README's results section from a run folder (the latest paper run): the main table and the
 * token-efficiency tables of that run's Markdown report, with where and when they were measured. Nothing in
 * the section is typed by hand; run this again after a new paper run.
 *
 *   npx tsx bench/readme-results.ts <run-dir> [README.md]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openRun } from '../harness/report/open-run.ts';
import type { Manifest } from '../harness/store/manifest.ts';
import markdown from '../plugins/reporters/markdown/index.ts';

const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

const [runDir, readmeFile = 'README.md'] = process.argv.slice(2);
if (!runDir) {
  console.error('usage: npx tsx bench/readme-results.ts <run-dir> [README.md]');
  process.exit(2);
}
const run = await openRun(resolve(runDir));
const [report] = await markdown.render(run, { seed: 0, resamples: 1000 });
const text = String(report.content);

/** The body of a `## title` section of the report (up to the next `## `), without its heading. */
function section(title: string): string {
  const start = text.indexOf(`## ${title}\n`);
  if (start < 0) return '';
  const body = text.slice(start + title.length + 4);
  const end = body.search(/\n## /);
  return (end < 0 ? body : body.slice(0, end)).trim();
}

const manifest = run.manifest as unknown as Manifest;
const trainingSeconds = new Map<string, number>();
for await (const event of run.training()) {
  if (event.phase === 'finished') trainingSeconds.set(`${event.agent} on ${event.env}`, Number(event.seconds));
}
const machine = `${manifest.platform.cpus} × ${manifest.platform.cpuModel}, ${manifest.platform.memoryGiB} GiB, Node ${manifest.node}, tensor backend ${manifest.backend ?? 'none'}`;
const training = [...trainingSeconds].map(([who, s]) => `${who} ${(s / 60).toFixed(1)} min`).join('; ');
const body = [
  START,
  `Measured by the suite \`${manifest.suite.name}\` (${manifest.createdAt.slice(0, 10)}, git ${manifest.git.revision?.slice(0, 10) ?? 'unknown'}) on ${machine}. ` +
    'Generated from that run by `npx tsx bench/readme-results.ts <run-dir>`; the full report is in the run folder.',
  '',
  section('Main results'),
  '',
  section('Token efficiency').replace(/^### /gm, '#### '),
  ...(training ? ['', `Training time on this machine: ${training}.`] : []),
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
