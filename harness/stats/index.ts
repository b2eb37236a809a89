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
