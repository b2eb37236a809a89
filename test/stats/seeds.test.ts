import { describe, expect, it } from 'vitest';
import { createRng, type EpisodeRecord } from '../../harness/api.ts';
import { comparePaired, type EpisodeOutcome } from '../../harness/stats/paired-comparison.ts';
import { seedBootstrapMean } from '../../harness/stats/seed-bootstrap.ts';
import { summarize } from '../../harness/stats/summary.ts';
import score from '../../plugins/metrics/score/index.ts';
import success from '../../plugins/metrics/success/index.ts';
import { episodeRecord } from '../reporters/helpers.ts';

const metrics = [success, score].map((plugin) => ({ plugin, options: {} }));
const order = { envs: ['alfworld'], splits: ['seen'], agents: ['hrl', 'step-hrl'] };

/** Episodes of one agent under one training seed, with the given scores (100 is a success). */
function seedEpisodes(agent: string, seed: number, scores: number[]): EpisodeRecord[] {
  return scores.map((s, i) => episodeRecord({ env: 'alfworld', split: 'seen', agent, seed, episode: `e${i}`, score: s, success: s === 100 }));
}

async function* stream(records: EpisodeRecord[]): AsyncGenerator<EpisodeRecord> {
  yield* records;
}

describe('a summary that pools several training seeds', () => {
  // Seed 1 solves 3 of 4 episodes (mean score 85), seed 2 one of 4 (mean score 40).
  const records = [...seedEpisodes('hrl', 1, [100, 100, 100, 40]), ...seedEpisodes('hrl', 2, [100, 20, 20, 20])];

  it("gives each seed's own figures with its own intervals", async () => {
    const { rows } = await summarize(stream(records), metrics, order);
    expect(rows[0].seeds).toEqual([1, 2]);
    const [one, two] = rows[0].perSeed!;
    expect(one).toMatchObject({ seed: 1, episodes: 4, errors: 0 });
    // Wilson 95% intervals of 3/4 and 1/4, from the formula by hand.
    expect(one.metrics.success.value).toBe(0.75);
    expect(one.metrics.success.low).toBeCloseTo(0.30064184258240184, 12);
    expect(one.metrics.success.high).toBeCloseTo(0.9544127391902995, 12);
    expect(two.metrics.success.value).toBe(0.25);
    expect(two.metrics.success.low).toBeCloseTo(0.04558726080970055, 12);
    expect(two.metrics.success.high).toBeCloseTo(0.6993581574175981, 12);
    expect(one.metrics.score.value).toBeCloseTo(85, 12);
    expect(two.metrics.score.value).toBeCloseTo(40, 12);
  });

  it('estimates across seeds by the mean of the per-seed values, each seed weighing the same', async () => {
    const { rows } = await summarize(stream(records), metrics, order);
    expect(rows[0].metrics.success.value).toBeCloseTo(0.5, 12);
    expect(rows[0].metrics.score.value).toBeCloseTo(62.5, 12);
    expect(rows[0].metrics.success.n).toBe(8);
    // A seed with fewer episodes counts as much: (100 + 0) / 2, not 200 / 8.
    const uneven = [...seedEpisodes('hrl', 1, [100, 100]), ...seedEpisodes('hrl', 2, [0, 0, 0, 0, 0, 0])];
    const [row] = (await summarize(stream(uneven), metrics, order)).rows;
    expect(row.metrics.score.value).toBeCloseTo(50, 12);
  });

  it('gives an interval that covers the spread between seeds, not only between episodes', async () => {
    // Every episode of seed 1 scores 80, every one of seed 2 scores 40: episodes add no spread, seeds do.
    // Resampling two seeds gives 80 (both draws seed 1, p 1/4), 60 (p 1/2) or 40 (p 1/4), so the
    // 2.5% and 97.5% quantiles are 40 and 80.
    const twoLevels = [...seedEpisodes('hrl', 1, Array(6).fill(80)), ...seedEpisodes('hrl', 2, Array(6).fill(40))];
    const [row] = (await summarize(stream(twoLevels), metrics, order)).rows;
    expect(row.metrics.score).toMatchObject({ value: 60, low: 40, high: 80, n: 12 });
    expect(row.perSeed!.map((s) => [s.metrics.score.low, s.metrics.score.high])).toEqual([
      [80, 80],
      [40, 40],
    ]);
  });

  it('keeps the one-seed summary as it was: Wilson for rates, no per-seed rows', async () => {
    const { rows } = await summarize(stream(seedEpisodes('hrl', 7, [100, 100, 100, 40])), metrics, order);
    expect(rows[0].seeds).toEqual([7]);
    expect(rows[0].perSeed).toBeUndefined();
    expect(rows[0].metrics.success.low).toBeCloseTo(0.30064184258240184, 12);
  });

  it('does not depend on the order of the records', async () => {
    const shuffled = createRng('order').shuffle([...records]);
    expect(await summarize(stream(shuffled), metrics, order)).toEqual(await summarize(stream(records), metrics, order));
  });

  it('resamples seeds, then episodes within each (the two-level bootstrap by itself)', () => {
    expect(seedBootstrapMean([[1, 1, 1], []], { resamples: 500 })).toEqual({ value: 1, low: 1, high: 1 });
    const spread = seedBootstrapMean(
      [
        [0, 100],
        [0, 100],
      ],
      { resamples: 4000, seed: 3 },
    );
    // Two seeds alike: only episodes vary. Means of two draws from {0, 100} twice: 0 and 100 are possible.
    expect(spread.value).toBe(50);
    expect(spread.low).toBeLessThanOrEqual(25);
    expect(spread.high).toBeGreaterThanOrEqual(75);
  });
});

describe('paired tests between agents on the same episodes and seeds', () => {
  const outcome = (seed: number, s: number): EpisodeOutcome => ({ seed, success: s === 100, score: s, tokensPerStep: 100 });
  // step-hrl gains 20 points on every episode of seed 1 and nothing on seed 2.
  const baseline = new Map<string, EpisodeOutcome>();
  const candidate = new Map<string, EpisodeOutcome>();
  for (const seed of [1, 2]) {
    for (let i = 0; i < 5; i++) {
      baseline.set(`${seed}\u0000e${i}`, outcome(seed, 40));
      candidate.set(`${seed}\u0000e${i}`, outcome(seed, seed === 1 ? 60 : 40));
    }
  }

  it('pairs each episode with its seed and resamples seeds then pairs', () => {
    const result = comparePaired(candidate, baseline, { resamples: 2000 })!;
    expect(result.pairs).toBe(10);
    expect(result.seeds).toBe(2);
    // Mean over seeds of the mean paired difference: (20 + 0) / 2. The bootstrap draws seed 1 twice (+20),
    // once (+10) or never (0): the interval spans the disagreement between the training seeds.
    expect(result.score).toMatchObject({ value: 10, low: 0, high: 20, n: 10 });
  });

  it('never pairs the same episode id under different seeds', () => {
    const otherSeed = new Map([...candidate].map(([key, o]) => [key.replace(/^1/, '3'), { ...o, seed: o.seed === 1 ? 3 : o.seed }]));
    const result = comparePaired(otherSeed, baseline, { resamples: 200 })!;
    expect(result.pairs).toBe(5);
    expect(result.seeds).toBe(1);
  });
});
