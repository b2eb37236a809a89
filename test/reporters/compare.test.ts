import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns, renderCompare } from '../../harness/report/compare.ts';
import { pairedBootstrapDifference } from '../../harness/stats/paired-bootstrap.ts';
import { fixtureAgents, fixtureEnvs, fixtureSplits, writeFixtureRun } from './fixture.ts';
import { readEpisodes } from './helpers.ts';

let root: string;
let before: string;
let after: string;
let otherSeeds: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'compare-'));
  before = join(root, 'before');
  after = join(root, 'after');
  otherSeeds = join(root, 'other-seeds');
  await writeFixtureRun(before, { variations: 2, seeds: [1], runId: 'before' });
  // The same episodes, with step-hrl made worse: only its outcomes may change.
  await writeFixtureRun(after, { variations: 2, seeds: [1], runId: 'after', skillScale: { 'step-hrl': 0.5 } });
  await writeFixtureRun(otherSeeds, { variations: 2, seeds: [5], runId: 'other-seeds' });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('compareRuns', () => {
  it('gives one row per env × split × agent with every metric as columns', async () => {
    const result = await compareRuns([before, after], { resamples: 200 });
    expect(result.rows.map((r) => `${r.env}/${r.split}/${r.agent}`)).toEqual(
      fixtureEnvs.flatMap((env) => fixtureSplits.flatMap((split) => fixtureAgents.map((agent) => `${env}/${split}/${agent}`))),
    );
    expect(result.metrics.map((m) => m.name)).toEqual(['success', 'score', 'tokens-per-step', 'steps']);
    for (const row of result.rows) {
      expect(Object.keys(row.deltas)).toEqual(['success', 'score', 'tokens-per-step', 'steps']);
      expect(row.values).toHaveLength(2);
    }
  });

  it('pairs the same episodes: Δ is the mean per-episode difference with a paired bootstrap interval', async () => {
    const result = await compareRuns([before, after], { resamples: 300, seed: 4 });
    const row = result.rows.find((r) => r.env === 'scienceworld' && r.split === 'seen' && r.agent === 'step-hrl')!;
    const pick = (dir: string) => readEpisodes(dir).filter((e) => e.env === 'scienceworld' && e.split === 'seen' && e.agent === 'step-hrl');
    const old = new Map(pick(before).map((r) => [r.episode, r]));
    // Pairs are resampled in episode-id order (one seed here), whatever order the logs hold them in.
    const ordered = pick(after).sort((a, b) => (a.episode < b.episode ? -1 : 1));
    // Success is a rate: Δ is in rate units (0–1) in the data, with the paired bootstrap over episode pairs.
    const expected = pairedBootstrapDifference(
      ordered.map((r) => (r.success ? 1 : 0)),
      ordered.map((r) => (old.get(r.episode)!.success ? 1 : 0)),
      { resamples: 300, seed: 4 },
    );
    const success = row.deltas.success[0]!;
    expect(row.pairs).toEqual([ordered.length]);
    expect(success.pairs).toBe(ordered.length);
    expect(success.value).toBeCloseTo(expected.value, 12);
    expect(success.value).toBeLessThan(0);
    expect(success.low).toBeCloseTo(expected.low, 12);
    expect(success.high).toBeCloseTo(expected.high, 12);
    // Agents whose episodes did not change differ by exactly nothing.
    const hrl = result.rows.find((r) => r.env === 'scienceworld' && r.split === 'seen' && r.agent === 'hrl')!;
    expect(hrl.deltas.score[0]).toMatchObject({ value: 0, low: 0, high: 0 });
  });

  it('shows an unpaired difference, without interval, when the runs share no episode', async () => {
    const result = await compareRuns([before, otherSeeds], { resamples: 200 });
    const row = result.rows.find((r) => r.env === 'alfworld' && r.split === 'seen' && r.agent === 'hrl')!;
    expect(row.pairs).toEqual([0]);
    const success = row.deltas.success[0]!;
    expect(success.pairs).toBe(0);
    expect(success.low).toBeUndefined();
    expect(success.value).toBeCloseTo(row.values[1]!.metrics.success.value - row.values[0]!.metrics.success.value, 12);
    expect(result.setups[0]).toContainEqual({ path: 'seeds', values: ['[1]', '[5]'] });
  });

  it('marks what a run lacks with —, never a zero difference', async () => {
    const fewer = join(root, 'fewer');
    await writeFixtureRun(fewer, { variations: 2, seeds: [1], runId: 'fewer' });
    // Run C's summary has no random rows and no steps metric.
    const summary = JSON.parse(readFileSync(join(fewer, 'summary.json'), 'utf8'));
    summary.rows = summary.rows.filter((r: { agent: string }) => r.agent !== 'random');
    summary.metrics = summary.metrics.filter((m: { name: string }) => m.name !== 'steps');
    for (const r of summary.rows) delete r.metrics.steps;
    writeFileSync(join(fewer, 'summary.json'), JSON.stringify(summary));
    const result = await compareRuns([before, fewer], { resamples: 200 });
    const random = result.rows.find((r) => r.env === 'alfworld' && r.split === 'seen' && r.agent === 'random')!;
    expect(random.values[1]).toBeNull();
    expect(random.deltas.success[0]).toBeNull();
    const hrl = result.rows.find((r) => r.env === 'alfworld' && r.split === 'seen' && r.agent === 'hrl')!;
    expect(hrl.deltas.steps[0]).toBeNull();
    const line = result.text.split('\n').find((l) => /^alfworld\s+seen\s+random/.test(l))!;
    // Run A's success rate, then — for run B's value and for the difference.
    expect(line).toMatch(/\s\d+\.\d\s+—\s+—/);
    for (const deltas of Object.values(random.deltas)) expect(deltas).toEqual([null]);
  });

  it('says what differs between the two setups', async () => {
    const other = join(root, 'longer');
    await writeFixtureRun(other, { variations: 2, seeds: [1], runId: 'longer', stepLimit: 40 });
    const result = await compareRuns([before, other], { resamples: 200 });
    expect(result.setups[0]).toContainEqual({ path: 'stepLimit', values: ['30', '40'] });
    expect(result.setups[0]).toContainEqual({ path: 'envs[alfworld].stepLimit', values: ['30', '40'] });
    expect(result.text).toContain('stepLimit: 30 → 40');
    const same = await compareRuns([before, after], { resamples: 200 });
    expect(same.text).toContain('B vs A: the same setup');
  });

  it('fits the terminal in 120 columns and writes Markdown and HTML', async () => {
    const result = await compareRuns([before, after], { resamples: 200 });
    const table = result.text.split('\n').filter((line) => /^(Env|alfworld|scienceworld)/.test(line));
    for (const line of table) expect([...line].length).toBeLessThanOrEqual(120);
    const markdown = renderCompare(result, 'markdown');
    expect(markdown).toMatch(/\| Env \| Split \| Agent \| Pairs \| Success % A \| Success % B \| Δ Success % B−A \|/);
    expect(markdown).toMatch(/\| scienceworld \| seen \| step-hrl \| \d+ \| [\d.]+ \[[\d.]+, [\d.]+\] \|/);
    const html = renderCompare(result, 'html');
    expect(html).toContain('<table id="table-compare">');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('needs two runs', async () => {
    await expect(compareRuns([before])).rejects.toThrow(/at least two run folders/);
  });
});
