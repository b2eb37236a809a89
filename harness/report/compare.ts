import { join } from 'node:path';
import type { EpisodeRecord, MetricValue, RunView, SummaryRow } from '../api.ts';
import type { PairedInterval } from '../stats/paired-bootstrap.ts';
import { pairedMeanDifference } from '../stats/paired-comparison.ts';
import { runMetrics } from '../stats/run-summary.ts';
import { type Member, metricValues } from '../stats/summary.ts';
import { readJsonl } from '../store/jsonl.ts';
import type { Manifest } from '../store/manifest.ts';
import { bounds, count, dash, displayScale, fixed, metricHeading, signed } from './format.ts';
import { escapeHtml, htmlTable, stylesheet } from './html.ts';
import { markdownTable } from './markdown.ts';
import type { MetricInfo } from './model.ts';
import { openRun } from './open-run.ts';
import { type SetupDifference, setupDifferences } from './suite-diff.ts';
import type { Cell, Table } from './tables.ts';
import { fittedTextTable } from './text-table.ts';

/**
 * `harness compare <runA> <runB> [...]`: the first run is the reference. One row per env × split × agent
 * found in any run; for each metric, each run's value and each later run's difference from the reference.
 * Where two runs hold the same episodes of a row (same episode ids and seeds), the difference is paired: the
 * mean of per-episode differences, with a paired bootstrap interval (seed by seed when the row pools several
 * seeds). Where they share none, the difference of the two values is shown without an interval. A value a
 * run lacks is `—`. The runs' setups are compared too, so a difference in the numbers can be traced to a
 * difference in what was run.
 */
export interface ComparedRun {
  /** A, B, C… in argument order. */
  label: string;
  dir: string;
  runId: string;
  suite: string;
  seeds: number[];
  /** Why paired differences could not be computed for this run (its metric plugins failed to load). */
  unpaired: string | null;
}

export interface CompareDelta extends Partial<PairedInterval> {
  value: number;
  /** Matched episodes; 0 when the difference is of the two values, unpaired. */
  pairs: number;
}

export interface CompareRow {
  env: string;
  split: string;
  agent: string;
  /** One per run: the run's summary row, null where the run lacks it. */
  values: (SummaryRow | null)[];
  /** Per metric name, one per run after the reference (index 0 is run B): the difference from run A, null where unknown. */
  deltas: Record<string, (CompareDelta | null)[]>;
  /** One per run after the reference: the episodes (id and seed) it shares with run A in this row. */
  pairs: number[];
}

export interface CompareResult {
  runs: ComparedRun[];
  metrics: MetricInfo[];
  rows: CompareRow[];
  /** What differs between the reference run's setup and each later run's (index 0 is run B). */
  setups: SetupDifference[][];
  /** Seed and resamples of the paired bootstraps. */
  options: { seed: number; resamples: number };
  /** The comparison as text for a terminal (at most 120 columns wide). */
  text: string;
}

export interface CompareOptions {
  seed?: number;
  resamples?: number;
}

export async function compareRuns(dirs: string[], options: CompareOptions = {}): Promise<CompareResult> {
  if (dirs.length < 2) throw new Error('compare needs at least two run folders');
  const views = await Promise.all(dirs.map((dir) => openRun(dir)));
  // Per-episode metric values, one run at a time: a few numbers per episode, never the records.
  const values: (Map<string, Member[]> | null)[] = [];
  const runs: ComparedRun[] = [];
  for (const [i, view] of views.entries()) {
    const loaded = await episodeValues(view);
    values.push(loaded.values);
    runs.push(describeRun(view, i, loaded.reason));
  }
  const metrics = unionMetrics(views);
  const bootstrap = { seed: options.seed ?? 0, resamples: options.resamples ?? 1000 };
  const rows = unionRows(views).map(({ env, split, agent }) => {
    const matches = views.map((view) => view.summary.rows.find((r) => r.env === env && r.split === split && r.agent === agent) ?? null);
    const key = group(env, split, agent);
    const deltas: CompareRow['deltas'] = {};
    for (const metric of metrics) {
      deltas[metric.name] = views
        .slice(1)
        .map((view, i) => delta(metric, matches[0], matches[i + 1], values[0], values[i + 1], views[0], view, key, bootstrap));
    }
    const shared = (other: Map<string, Member[]> | null) => {
      const mine = new Set((values[0]?.get(key) ?? []).map(identity));
      return (other?.get(key) ?? []).filter((m) => mine.has(identity(m))).length;
    };
    return { env, split, agent, values: matches, deltas, pairs: values.slice(1).map(shared) };
  });
  const setups = views.slice(1).map((view) => setupDifferences(views[0].manifest, view.manifest));
  const result = { runs, metrics, rows, setups, options: bootstrap, text: '' };
  result.text = renderCompare(result, 'text');
  return result;
}

/** The comparison as text (terminal), Markdown or a self-contained HTML page. */
export function renderCompare(result: Omit<CompareResult, 'text'>, format: 'text' | 'markdown' | 'html'): string {
  const { runs } = result;
  const [reference, ...others] = runs;
  const runLines = runs.map(
    (run) => `${run.label}  ${run.runId}${run.suite ? `  (suite ${run.suite})` : ''}  ${run.dir}  — seeds ${run.seeds.join(', ') || dash}`,
  );
  const setupLines = others.flatMap((run, i) => {
    const differences = result.setups[i];
    if (differences.length === 0) return [`${run.label} vs ${reference.label}: the same setup (suite, selection, harness version, git revision).`];
    return [
      `${run.label} vs ${reference.label}: ${differences.length} difference${differences.length === 1 ? '' : 's'} in the setup:`,
      ...differences.map((d) => `  ${d.path}: ${d.values[0] ?? '(absent)'} → ${d.values[1] ?? '(absent)'}`),
    ];
  });
  const notes = [
    `Values are each run's summary (95% intervals${format === 'text' ? ' in the other formats' : ''}; rates in %). Δ = run − ${reference.label}: the mean of per-episode differences over the episodes both runs ran (same episode id and seed), with a paired bootstrap 95% interval (seed ${result.options.seed}, ${result.options.resamples} resamples; two-level, seeds then pairs, where a row pools several seeds); a Δ without an interval is the difference of two values over different episodes. — : the run has no such value.`,
    ...runs.filter((run) => run.unpaired).map((run) => `Run ${run.label}: no paired differences (${run.unpaired}).`),
  ];
  const table = compareTable(result);
  if (format === 'markdown') {
    return [
      '# Comparison of runs',
      '',
      ...runLines.map((line) => `- ${line}`),
      '',
      '## Setup',
      '',
      ...setupLines.map((line) => (line.startsWith('  ') ? `  - ${line.trim()}` : `- ${line}`)),
      '',
      markdownTable({ ...table, caption: notes.join(' ') }, 2).trimEnd(),
      '',
    ].join('\n');
  }
  if (format === 'html') {
    return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Comparison of runs</title><style>${stylesheet}</style></head>
<body>
<header><h1>Comparison of runs</h1><ul>${runLines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></header>
<main>
<section><h2>Setup</h2><pre>${escapeHtml(setupLines.join('\n'))}</pre></section>
<section><h2>${escapeHtml(table.title)}</h2>${htmlTable({ ...table, caption: notes.join(' ') }, {}, false)}</section>
</main>
</body>
</html>
`;
  }
  const out = ['Runs', ...runLines.map((line) => `  ${line}`), '', 'Setup', ...setupLines.map((line) => `  ${line}`), ''];
  if (result.rows.length === 0) return [...out, 'No rows: the runs hold no episodes.', ''].join('\n');
  out.push(
    fittedTextTable(
      table.head,
      table.rows.map((row) => row.map((cell) => cell.text)),
      table.numeric,
      3 + others.length,
    ),
    '',
    ...notes.map((note) => wrap(note, 120)),
    '',
  );
  return out.join('\n');
}

/** One row per env × split × agent: pairs per later run, then per metric each run's value and each Δ. */
function compareTable(result: Omit<CompareResult, 'text'>): Table {
  const [reference, ...others] = result.runs;
  const head = ['Env', 'Split', 'Agent', ...others.map((run) => (others.length > 1 ? `Pairs ${run.label}` : 'Pairs'))];
  const numeric = [false, false, false, ...others.map(() => true)];
  for (const metric of result.metrics) {
    const name = metricHeading(metric, metric.name);
    for (const run of result.runs) head.push(`${name} ${run.label}`);
    for (const run of others) head.push(`Δ ${name} ${run.label}−${reference.label}`);
    numeric.push(...result.runs.map(() => true), ...others.map(() => true));
  }
  const rows = result.rows.map((row): Cell[] => {
    const pairs = row.pairs.map((n): Cell => ({ text: n > 0 ? count(n) : dash, numeric: true }));
    const cells: Cell[] = [{ text: row.env }, { text: row.split }, { text: row.agent, agent: row.agent }, ...pairs];
    for (const metric of result.metrics) {
      for (const value of row.values) cells.push(valueCell(value?.metrics[metric.name] ?? null, metric));
      for (const d of row.deltas[metric.name]) cells.push(deltaCell(d, metric));
    }
    return cells;
  });
  return { id: 'compare', title: 'Rows side by side', head, numeric, rows };
}

function valueCell(value: MetricValue | null, metric: MetricInfo): Cell {
  if (!value || !Number.isFinite(value.value)) return { text: dash, numeric: true };
  return { text: fixed(displayScale(metric, value.value)), numeric: true, note: bounds(value, metric) || undefined };
}

function deltaCell(d: CompareDelta | null, metric: MetricInfo): Cell {
  if (!d || !Number.isFinite(d.value)) return { text: dash, numeric: true };
  const interval = d.pairs > 0 && d.low !== undefined && d.high !== undefined ? ` ${bounds({ value: d.value, low: d.low, high: d.high }, metric)}` : '';
  return { text: `${signed(displayScale(metric, d.value))}${interval}`, numeric: true };
}

function delta(
  metric: MetricInfo,
  base: SummaryRow | null,
  other: SummaryRow | null,
  baseValues: Map<string, Member[]> | null,
  otherValues: Map<string, Member[]> | null,
  baseView: RunView,
  otherView: RunView,
  groupKey: string,
  bootstrap: { seed: number; resamples: number },
): CompareDelta | null {
  const a = base?.metrics[metric.name];
  const b = other?.metrics[metric.name];
  if (!a || !b || !Number.isFinite(a.value) || !Number.isFinite(b.value)) return null;
  if (metric.aggregate === 'mean') {
    const index = (view: RunView) => view.summary.metrics.findIndex((m) => m.name === metric.name);
    const paired = pairedMeanDifference(
      keyed(otherValues?.get(groupKey) ?? [], index(otherView)),
      keyed(baseValues?.get(groupKey) ?? [], index(baseView)),
      bootstrap,
    );
    if (paired) return paired.n > 0 ? { ...paired, pairs: paired.n } : null;
  }
  return { value: b.value - a.value, pairs: 0 };
}

/** A group's episodes as (seed, episode id) → value of one metric, leaving out those without one. */
function keyed(members: Member[], metric: number): Map<string, { seed: number; value: number }> {
  const out = new Map<string, { seed: number; value: number }>();
  if (metric < 0) return out;
  for (const m of members) {
    const value = m.values[metric];
    if (value !== null) out.set(identity(m), { seed: m.seed, value });
  }
  return out;
}

/** An episode's identity within a row: its id and training seed. */
function identity(m: Member): string {
  return `${m.seed}\u0000${m.episode}`;
}

function group(env: string, split: string, agent: string): string {
  return JSON.stringify([env, split, agent]);
}

/** Each episode's values of the run's own metrics (in its summary's order), or why they cannot be had. */
async function episodeValues(view: RunView): Promise<{ values: Map<string, Member[]> | null; reason: string | null }> {
  try {
    const manifest = view.manifest as unknown as Manifest;
    const loaded = await runMetrics(view.dir, manifest);
    const metrics = view.summary.metrics.map((m) => loaded.find((l) => l.plugin.name === m.name));
    if (metrics.some((m) => m === undefined)) return { values: null, reason: 'its summary names metrics its suite does not' };
    return {
      values: await metricValues(readJsonl<EpisodeRecord>(join(view.dir, 'episodes.jsonl')), metrics as NonNullable<(typeof metrics)[number]>[]),
      reason: null,
    };
  } catch (e) {
    return { values: null, reason: `its metric plugins could not be loaded: ${(e as Error).message}` };
  }
}

function describeRun(view: RunView, index: number, unpaired: string | null): ComparedRun {
  const manifest = view.manifest as { runId?: unknown; suite?: { name?: unknown; seeds?: unknown } };
  const seeds = new Set<number>();
  for (const row of view.summary.rows) for (const seed of row.seeds ?? []) seeds.add(seed);
  if (seeds.size === 0 && Array.isArray(manifest.suite?.seeds)) for (const seed of manifest.suite.seeds) if (typeof seed === 'number') seeds.add(seed);
  return {
    label: String.fromCharCode(65 + (index % 26)) + (index >= 26 ? String(Math.floor(index / 26)) : ''),
    dir: view.dir,
    runId: typeof manifest.runId === 'string' ? manifest.runId : view.dir,
    suite: typeof manifest.suite?.name === 'string' ? manifest.suite.name : '',
    seeds: [...seeds].sort((a, b) => a - b),
    unpaired,
  };
}

function unionMetrics(views: RunView[]): MetricInfo[] {
  const metrics = new Map<string, MetricInfo>();
  for (const view of views) for (const metric of view.summary.metrics) if (!metrics.has(metric.name)) metrics.set(metric.name, metric);
  return [...metrics.values()];
}

/** Rows of every run: the reference's in its (suite) order, then those only later runs have. */
function unionRows(views: RunView[]): { env: string; split: string; agent: string }[] {
  const seen = new Map<string, { env: string; split: string; agent: string }>();
  for (const view of views) {
    for (const row of view.summary.rows) {
      const key = group(row.env, row.split, row.agent);
      if (!seen.has(key)) seen.set(key, { env: row.env, split: row.split, agent: row.agent });
    }
  }
  return [...seen.values()];
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
