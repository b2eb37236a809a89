import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../harness/report/compare.ts';
import { exactMcNemar } from '../../harness/stats/mcnemar.ts';
import { writeFixtureRun } from './fixture.ts';
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
  it('sets matching rows side by side with differences from the first run', async () => {
    const result = await compareRuns([before, after], { resamples: 200 });
    const success = (agent: string) => result.rows.find((r) => r.env === 'alfworld' && r.split === 'seen' && r.agent === agent && r.metric.name === 'success')!;
    expect(success('step-hrl').differences[1]!).toBeLessThan(0);
    expect(success('step-hrl').differences[1]).toBeCloseTo(success('step-hrl').values[1]!.value - success('step-hrl').values[0]!.value, 12);
    expect(success('hrl').differences[1]).toBe(0);
    expect(result.text).toContain('before');
    expect(result.text).toContain('after');
    expect(result.text).toMatch(/Δ B−A/);
  });

  it('tests the same episodes paired: McNemar counts come from episode pairs', async () => {
    const result = await compareRuns([before, after], { resamples: 200 });
    const key = (r: { split: string; episode: string }) => `${r.split}/${r.episode}`;
    const old = new Map(
      readEpisodes(before)
        .filter((r) => r.env === 'scienceworld' && r.agent === 'step-hrl' && r.split === 'seen')
        .map((r) => [key(r), r.success]),
    );
    let lost = 0;
    let gained = 0;
    for (const r of readEpisodes(after).filter((e) => e.env === 'scienceworld' && e.agent === 'step-hrl' && e.split === 'seen')) {
      if (old.get(key(r)) && !r.success) lost++;
      if (!old.get(key(r)) && r.success) gained++;
    }
    const row = result.paired.find((p) => p.env === 'scienceworld' && p.split === 'seen' && p.agent === 'step-hrl')!;
    expect(row.comparison.success.onlyBaseline).toBe(lost);
    expect(row.comparison.success.onlyCandidate).toBe(gained);
    expect(lost).toBeGreaterThan(0);
    expect(row.comparison.success.pValue).toBeCloseTo(exactMcNemar(gained, lost).pValue, 12);
    const unchanged = result.paired.find((p) => p.env === 'scienceworld' && p.split === 'seen' && p.agent === 'hrl')!;
    expect(unchanged.comparison.success.pValue).toBe(1);
    expect(unchanged.comparison.score).toMatchObject({ value: 0, low: 0, high: 0 });
    expect(result.text).toContain('Paired tests on the same episodes');
  });

  it('skips paired tests when the runs share no episode', async () => {
    const result = await compareRuns([before, otherSeeds], { resamples: 200 });
    expect(result.rows.length).toBeGreaterThan(0);
    expect(result.paired).toEqual([]);
    expect(result.text).toContain('no episodes in common');
  });

  it('needs two runs', async () => {
    await expect(compareRuns([before])).rejects.toThrow(/at least two run folders/);
  });
});
