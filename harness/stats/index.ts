/** Statistics used by the summary, the reporters and `harness compare`. */
export { type BootstrapOptions, bootstrapMean, type Interval, quantileSorted, wilson, Z95 } from './intervals.ts';
export { binomialLowerTailHalf, exactMcNemar, type McNemarResult } from './mcnemar.ts';
export {
  type PairedBootstrapOptions,
  type PairedInterval,
  pairedBootstrapDifference,
  pairedBootstrapRatio,
} from './paired-bootstrap.ts';
export { comparePaired, type EpisodeOutcome, type PairedComparison } from './paired-comparison.ts';
export { summarizeRunLog } from './run-summary.ts';
export {
  indexDrawer,
  type SeedBootstrapOptions,
  type SeededPairedInterval,
  type SeededPairs,
  seedBootstrapMean,
  seedPairedDifference,
  seedPairedRatio,
} from './seed-bootstrap.ts';
export { type RowOrder, type SummaryMetric, summarize } from './summary.ts';
