import { describe, expect, it } from 'vitest';
import { comparePaired, type EpisodeOutcome } from '../../harness/stats/paired-comparison.ts';

const outcome = (success: boolean, score: number, tokensPerStep: number | null = 100): EpisodeOutcome => ({ success, score, tokensPerStep });

describe('paired comparison of two agents', () => {
  const candidate = new Map<string, EpisodeOutcome>([
    ['e1', outcome(true, 100, 60)],
    ['e2', outcome(true, 100, 60)],
    ['e3', outcome(true, 100, 60)],
    ['e4', outcome(false, 40, 60)],
    ['e5', outcome(true, 100, null)],
    ['only-candidate', outcome(true, 100, 60)],
  ]);
  const baseline = new Map<string, EpisodeOutcome>([
    ['e1', outcome(false, 20, 100)],
    ['e2', outcome(false, 30, 100)],
    ['e3', outcome(true, 100, 100)],
    ['e4', outcome(true, 100, 100)],
    ['e5', outcome(false, 50, 100)],
    ['only-baseline', outcome(false, 0, 100)],
  ]);

  it('pairs only the episodes both agents ran and counts discordant successes', () => {
    const result = comparePaired(candidate, baseline, { resamples: 200 })!;
    expect(result.pairs).toBe(5);
    expect(result.success).toMatchObject({ candidateRate: 0.8, baselineRate: 0.4, onlyCandidate: 3, onlyBaseline: 1 });
    expect(result.success.pValue).toBeCloseTo(0.625, 12); // 2·(1 + 4)/2^4
    expect(result.score.value).toBeCloseTo((80 + 70 + 0 - 60 + 50) / 5, 12);
  });

  it('compares tokens only where both episodes took a step', () => {
    const result = comparePaired(candidate, baseline, { resamples: 200 })!;
    expect(result.tokensPerStep!.difference.n).toBe(4);
    expect(result.tokensPerStep!.difference.value).toBeCloseTo(-40, 12);
    expect(result.tokensPerStep!.ratio.value).toBeCloseTo(0.6, 12);
  });

  it('does not depend on the order the episode log was written in', () => {
    const reversed = (map: Map<string, EpisodeOutcome>) => new Map([...map].reverse());
    const forward = comparePaired(candidate, baseline, { seed: 3, resamples: 300 });
    const backward = comparePaired(reversed(candidate), reversed(baseline), { seed: 3, resamples: 300 });
    expect(backward).toEqual(forward);
  });

  it('returns null when the agents share no episode', () => {
    expect(comparePaired(new Map([['a', outcome(true, 1)]]), new Map([['b', outcome(true, 1)]]))).toBeNull();
  });
});
