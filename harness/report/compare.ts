import type { MetricValue, RunView } from '../api.ts';
import { comparePaired, type PairedComparison } from '../stats/paired-comparison.ts';
import { digestRun, inSuiteOrder, type RunDigest } from './digest.ts';
import { bootstrapP, bounds, count, displayScale, fixed, metricHeading, pValue, signed, withBounds } from './format.ts';
import type { MetricInfo } from './model.ts';
import { openRun } from './open-run.ts';
import { textTable } from './text-table.ts';

/**
 * `harness compare <runA> <runB> [...]`: the first run is the reference. Rows (env, split, agent) found in
 * the reference and in at least one other run are set side by side, metric by metric, with each run's
 * difference from the reference. Where both runs hold the same episodes (same env, split, episode id and
 * seed), the agent is also tested paired: exact McNemar for success, paired bootstrap for score and tokens
 * per step.
 */
export interface ComparedRun {
  /** A, B, C… in argument order. */
  label: string;
  dir: string;
  runId: string;
  suite: string;
}

export interface CompareRow {
  env: string;
  split: string;
  agent: string;
  metric: MetricInfo;
  /** One per run, null where the run lacks the row or the metric. */
  values: (MetricValue | null)[];
  /** Value of each run minus the reference's (null for the reference itself and where unknown). */
  differences: (number | null)[];
}

export interface ComparePairedRow {
  env: string;
  split: string;
  agent: string;
  /** Index of the run compared with the reference (run 0). */
  run: number;
  comparison: PairedComparison;
}

export interface CompareResult {
  runs: ComparedRun[];
  rows: CompareRow[];
  paired: ComparePairedRow[];
  text: string;
}

export interface CompareOptions {
  seed?: number;
  resamples?: number;
}

export async function compareRuns(dirs: string[], options: CompareOptions = {}): Promise<CompareResult> {
  if (dirs.length < 2) throw new Error('compare needs at least two run folders');
  const views = await Promise.all(dirs.map((dir) => openRun(dir)));
  const runs = views.map((view, i) => describeRun(view, i));
  // Digests are computed one run at a time: each holds a few numbers per episode, never the records.
  const digests: RunDigest[] = [];
  for (const view of views) digests.push(await digestRun(view));
  const rows = metricRows(views, digests[0]);
  const paired = pairedRows(digests, options);
  return { runs, rows, paired, text: renderText(runs, rows, paired, options.resamples ?? 1000) };
}

function describeRun(view: RunView, index: number): ComparedRun {
  const manifest = view.manifest as { runId?: unknown; suite?: { name?: unknown } };
  return {
    label: String.fromCharCode(65 + (index % 26)) + (index >= 26 ? String(Math.floor(index / 26)) : ''),
    dir: view.dir,
    runId: typeof manifest.runId === 'string' ? manifest.runId : view.dir,
    suite: typeof manifest.suite?.name === 'string' ? manifest.suite.name : '',
  };
}

function metricRows(views: RunView[], referenceDigest: RunDigest): CompareRow[] {
  const reference = views[0].summary;
  const metrics = new Map<string, MetricInfo>();
  for (const view of views) for (const metric of view.summary.metrics) if (!metrics.has(metric.name)) metrics.set(metric.name, metric);
  const rows: CompareRow[] = [];
  for (const referenceRow of inSuiteOrder(reference.rows, referenceDigest)) {
    const matches = views.map(
      (view) => view.summary.rows.find((row) => row.env === referenceRow.env && row.split === referenceRow.split && row.agent === referenceRow.agent) ?? null,
    );
    if (matches.filter((row) => row !== null).length < 2) continue;
    for (const metric of metrics.values()) {
      const values = matches.map((row) => row?.metrics[metric.name] ?? null);
      if (values.filter((value) => value !== null).length < 2) continue;
      const base = values[0];
      rows.push({
        env: referenceRow.env,
        split: referenceRow.split,
        agent: referenceRow.agent,
        metric,
        values,
        differences: values.map((value, i) => (i === 0 || !value || !base ? null : value.value - base.value)),
      });
    }
  }
  return rows;
}

function pairedRows(digests: RunDigest[], options: CompareOptions): ComparePairedRow[] {
  const rows: ComparePairedRow[] = [];
  const [reference, ...others] = digests;
  for (const group of reference.groups) {
    others.forEach((digest, i) => {
      const other = digest.group(group.env, group.split, group.agent);
      if (!other) return;
      const comparison = comparePaired(other.outcomes, group.outcomes, options);
      if (!comparison) return;
      if (group.tokens.total === 0 && other.tokens.total === 0) comparison.tokensPerStep = null;
      rows.push({ env: group.env, split: group.split, agent: group.agent, run: i + 1, comparison });
    });
  }
  return rows;
}

function renderText(runs: ComparedRun[], rows: CompareRow[], paired: ComparePairedRow[], resamples: number): string {
  const out: string[] = ['Runs'];
  for (const run of runs) out.push(`  ${run.label}  ${run.runId}${run.suite ? `  (suite ${run.suite})` : ''}  ${run.dir}`);
  out.push('');
  if (rows.length === 0) {
    out.push('No rows match: the runs share no (env, split, agent).');
    return out.join('\n') + '\n';
  }
  const others = runs.slice(1);
  out.push(`Matching rows (values with 95% intervals; Δ = run − ${runs[0].label}; rates in %)`, '');
  out.push(
    textTable(
      ['env', 'split', 'agent', 'metric', ...runs.map((r) => r.label), ...others.map((r) => `Δ ${r.label}−${runs[0].label}`)],
      rows.map((row) => [
        row.env,
        row.split,
        row.agent,
        metricHeading(row.metric, row.metric.name),
        ...row.values.map((value) => (value ? withBounds(value, row.metric) : '—')),
        ...row.differences.slice(1).map((d) => (d === null ? '—' : signed(displayScale(row.metric, d)))),
      ]),
      [false, false, false, false, ...runs.map(() => true), ...others.map(() => true)],
    ),
  );
  out.push('');
  if (paired.length === 0) {
    out.push('Paired tests: no episodes in common (paired tests need the same env, split, episode id and seed in both runs).');
    return out.join('\n') + '\n';
  }
  out.push(
    `Paired tests on the same episodes (exact McNemar for success; paired bootstrap, ${count(resamples)} resamples, for score and tokens/step; Δ = later run − ${runs[0].label})`,
    '',
  );
  out.push(
    textTable(
      ['env', 'split', 'agent', 'runs', 'pairs', 'success %', 'only / only', 'McNemar p', 'Δ score', 'p', 'Δ tokens/step', 'p'],
      paired.map(({ env, split, agent, run, comparison: c }) => [
        env,
        split,
        agent,
        `${runs[run].label} vs ${runs[0].label}`,
        count(c.pairs),
        `${fixed(c.success.baselineRate * 100)} → ${fixed(c.success.candidateRate * 100)}`,
        `${c.success.onlyCandidate} / ${c.success.onlyBaseline}`,
        pValue(c.success.pValue),
        `${signed(c.score.value)} ${bounds(c.score)}`,
        bootstrapP(c.score.pValue, resamples),
        c.tokensPerStep ? `${signed(c.tokensPerStep.difference.value)} ${bounds(c.tokensPerStep.difference)}` : '—',
        c.tokensPerStep ? bootstrapP(c.tokensPerStep.difference.pValue, resamples) : '—',
      ]),
      [false, false, false, false, true, true, true, true, true, true, true, true],
    ),
  );
  return out.join('\n') + '\n';
}
