import { exactMcNemar } from './mcnemar.ts';
import { type PairedBootstrapOptions, type PairedInterval, pairedBootstrapDifference, pairedBootstrapRatio } from './paired-bootstrap.ts';

/** What a paired comparison needs to know about one agent's episode. */
export interface EpisodeOutcome {
  success: boolean;
  score: number;
  /** Tokens per step of the episode; null when the episode took no step. */
  tokensPerStep: number | null;
}

/**
 * Two agents (or one agent in two runs) compared over the episodes both of them ran. "Candidate" is the
 * one being judged (e.g. step-hrl), "baseline" what it is judged against (e.g. hrl); differences are
 * candidate − baseline, ratios candidate / baseline.
 */
export interface PairedComparison {
  /** Episodes present for both. */
  pairs: number;
  success: {
    candidateRate: number;
    baselineRate: number;
    onlyCandidate: number;
    onlyBaseline: number;
    /** Exact McNemar p-value. */
    pValue: number;
  };
  /** Difference of mean score (paired bootstrap). */
  score: PairedInterval;
  /** Tokens per step over pairs where both took a step; null when there are none. */
  tokensPerStep: { difference: PairedInterval; ratio: PairedInterval } | null;
}

/**
 * Compare two sets of outcomes keyed by episode identity. Keys are visited in sorted order so the
 * bootstrap sees the same sequence whatever order the episode log was written in.
 */
export function comparePaired(
  candidate: ReadonlyMap<string, EpisodeOutcome>,
  baseline: ReadonlyMap<string, EpisodeOutcome>,
  options: PairedBootstrapOptions = {},
): PairedComparison | null {
  const keys = [...candidate.keys()].filter((key) => baseline.has(key)).sort();
  if (keys.length === 0) return null;
  let onlyCandidate = 0;
  let onlyBaseline = 0;
  let candidateWins = 0;
  let baselineWins = 0;
  const candidateScores = new Float64Array(keys.length);
  const baselineScores = new Float64Array(keys.length);
  const candidateTokens: number[] = [];
  const baselineTokens: number[] = [];
  keys.forEach((key, i) => {
    const a = candidate.get(key)!;
    const b = baseline.get(key)!;
    if (a.success) candidateWins++;
    if (b.success) baselineWins++;
    if (a.success && !b.success) onlyCandidate++;
    if (b.success && !a.success) onlyBaseline++;
    candidateScores[i] = a.score;
    baselineScores[i] = b.score;
    if (a.tokensPerStep !== null && b.tokensPerStep !== null) {
      candidateTokens.push(a.tokensPerStep);
      baselineTokens.push(b.tokensPerStep);
    }
  });
  const { pValue } = exactMcNemar(onlyCandidate, onlyBaseline);
  return {
    pairs: keys.length,
    success: {
      candidateRate: candidateWins / keys.length,
      baselineRate: baselineWins / keys.length,
      onlyCandidate,
      onlyBaseline,
      pValue,
    },
    score: pairedBootstrapDifference(candidateScores, baselineScores, options),
    tokensPerStep:
      candidateTokens.length === 0
        ? null
        : {
            difference: pairedBootstrapDifference(candidateTokens, baselineTokens, options),
            ratio: pairedBootstrapRatio(candidateTokens, baselineTokens, options),
          },
  };
}
