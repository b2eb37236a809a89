import { exactMcNemar } from './mcnemar.ts';
import { type PairedBootstrapOptions, type PairedInterval, pairedBootstrapDifference, pairedBootstrapRatio } from './paired-bootstrap.ts';
import { seedPairedDifference, seedPairedRatio } from './seed-bootstrap.ts';

/** What a paired comparison needs to know about one agent's episode. */
export interface EpisodeOutcome {
  success: boolean;
  score: number;
  /** Tokens per step of the episode; null when the episode took no step. */
  tokensPerStep: number | null;
  /** The training seed the episode ran under; pairs of several seeds are resampled seed by seed. */
  seed?: number;
}

/**
 * Two agents (or one agent in two runs) compared over the episodes both of them ran. "Candidate" is the
 * one being judged (e.g. step-hrl), "baseline" what it is judged against (e.g. hrl); differences are
 * candidate − baseline, ratios candidate / baseline.
 *
 * Pairs are the same episode under the same training seed. When they span several seeds, the intervals come
 * from a two-level paired bootstrap (seeds, then pairs within each), so they cover the variance between
 * training runs; the McNemar test counts the discordant pairs of all seeds together.
 */
export interface PairedComparison {
  /** Episodes present for both. */
  pairs: number;
  /** Training seeds the pairs come from. */
  seeds: number;
  success: {
    candidateRate: number;
    baselineRate: number;
    onlyCandidate: number;
    onlyBaseline: number;
    /** Exact McNemar p-value. */
    pValue: number;
    /** Difference of success rates (0–1 scale), paired bootstrap. */
    difference: PairedInterval;
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
  const success = new PairSeries();
  const score = new PairSeries();
  const tokens = new PairSeries();
  for (const key of keys) {
    const a = candidate.get(key)!;
    const b = baseline.get(key)!;
    if (a.success) candidateWins++;
    if (b.success) baselineWins++;
    if (a.success && !b.success) onlyCandidate++;
    if (b.success && !a.success) onlyBaseline++;
    const seed = a.seed ?? 0;
    success.add(seed, a.success ? 1 : 0, b.success ? 1 : 0);
    score.add(seed, a.score, b.score);
    if (a.tokensPerStep !== null && b.tokensPerStep !== null) tokens.add(seed, a.tokensPerStep, b.tokensPerStep);
  }
  const { pValue } = exactMcNemar(onlyCandidate, onlyBaseline);
  return {
    pairs: keys.length,
    seeds: success.seeds(),
    success: {
      candidateRate: candidateWins / keys.length,
      baselineRate: baselineWins / keys.length,
      onlyCandidate,
      onlyBaseline,
      pValue,
      difference: success.difference(options),
    },
    score: score.difference(options),
    tokensPerStep: tokens.size === 0 ? null : { difference: tokens.difference(options), ratio: tokens.ratio(options) },
  };
}

/**
 * Mean tokens per step of candidate ÷ baseline over the episodes both ran and took a step in (paired
 * bootstrap, seed by seed when they span several seeds); null when there are none.
 */
export function pairedTokenRatio(
  candidate: ReadonlyMap<string, EpisodeOutcome>,
  baseline: ReadonlyMap<string, EpisodeOutcome>,
  options: PairedBootstrapOptions = {},
): PairedInterval | null {
  const tokens = new PairSeries();
  for (const key of [...candidate.keys()].sort()) {
    const a = candidate.get(key)!;
    const b = baseline.get(key);
    if (b && a.tokensPerStep !== null && b.tokensPerStep !== null) tokens.add(a.seed ?? 0, a.tokensPerStep, b.tokensPerStep);
  }
  return tokens.size === 0 ? null : tokens.ratio(options);
}

/**
 * Mean of candidate − baseline over the keys both have a value for (paired bootstrap, seed by seed when the
 * pairs span several seeds); null when they share none. Values are visited in key order.
 */
export function pairedMeanDifference(
  candidate: ReadonlyMap<string, { seed: number; value: number }>,
  baseline: ReadonlyMap<string, { seed: number; value: number }>,
  options: PairedBootstrapOptions = {},
): PairedInterval | null {
  const series = new PairSeries();
  for (const key of [...candidate.keys()].sort()) {
    const b = baseline.get(key);
    if (b) series.add(candidate.get(key)!.seed, candidate.get(key)!.value, b.value);
  }
  return series.size === 0 ? null : series.difference(options);
}

/** Paired values in key order, grouped by seed: a one-level bootstrap for one seed, two-level for several. */
class PairSeries {
  private readonly candidate: number[] = [];
  private readonly baseline: number[] = [];
  private readonly bySeed = new Map<number, { candidate: number[]; baseline: number[] }>();

  get size(): number {
    return this.candidate.length;
  }

  add(seed: number, candidate: number, baseline: number): void {
    this.candidate.push(candidate);
    this.baseline.push(baseline);
    let own = this.bySeed.get(seed);
    if (!own) this.bySeed.set(seed, (own = { candidate: [], baseline: [] }));
    own.candidate.push(candidate);
    own.baseline.push(baseline);
  }

  seeds(): number {
    return this.bySeed.size;
  }

  difference(options: PairedBootstrapOptions): PairedInterval {
    return this.bySeed.size > 1 ? strip(seedPairedDifference(this.grouped(), options)) : pairedBootstrapDifference(this.candidate, this.baseline, options);
  }

  ratio(options: PairedBootstrapOptions): PairedInterval {
    return this.bySeed.size > 1 ? strip(seedPairedRatio(this.grouped(), options)) : pairedBootstrapRatio(this.candidate, this.baseline, options);
  }

  private grouped() {
    const seeds = [...this.bySeed.keys()].sort((a, b) => a - b).map((seed) => this.bySeed.get(seed)!);
    return { candidate: seeds.map((s) => s.candidate), baseline: seeds.map((s) => s.baseline) };
  }
}

function strip({ seeds: _, ...interval }: ReturnType<typeof seedPairedDifference>): PairedInterval {
  return interval;
}
