/** Statistics used by the summary, the reporters and `harness compare`. */
export { wilson, bootstrapMean, quantileSorted, Z95, type Interval, type BootstrapOptions } from './intervals.ts';
export { exactMcNemar, binomialLowerTailHalf, type McNemarResult } from './mcnemar.ts';
export {
  pairedBootstrapDifference,
  pairedBootstrapRatio,
  type PairedBootstrapOptions,
  type PairedInterval,
} from './paired-bootstrap.ts';
export { comparePaired, type EpisodeOutcome, type PairedComparison } from './paired-comparison.ts';
