/**
 * Helpers for building variation lists the way ScienceWorld does: full cross products, optionally sub-
 * sampled within the train, dev and test halves/quarters so the blocks keep their contents.
 */
import { hashSeed } from '../../../../../harness/api.ts';
import { seedRng, shuffled } from '../../world/rng.ts';

export function product<A, B>(as: readonly A[], bs: readonly B[]): [A, B][] {
  return as.flatMap((a) => bs.map((b) => [a, b] as [A, B]));
}

/**
 * Keeps `proportion` of each of the first half, third quarter and last quarter of `items` (shuffled with a
 * fixed seed), in that order — ScienceWorld's `subsampleWithinTrainDevTest`.
 */
export function subsampleWithinBlocks<T>(items: readonly T[], proportion: number, seedName: string): T[] {
  const n = items.length;
  const blocks = [items.slice(0, Math.floor(n * 0.5)), items.slice(Math.floor(n * 0.5), Math.floor(n * 0.75)), items.slice(Math.floor(n * 0.75))];
  const rng = seedRng(hashSeed('subsample', seedName));
  return blocks.flatMap((b) => shuffled(rng, b).slice(0, Math.floor(b.length * proportion)));
}

/** ScienceWorld prints task temperatures as Scala doubles: `50.0`, `-10.0`. */
export function asDouble(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

export const BOX_COLOURS = ['red', 'green', 'blue', 'orange', 'yellow', 'purple'] as const;

/** The five pairs of neighbouring colours ScienceWorld uses for two-box answers (red/green, green/blue, …). */
export const BOX_PAIRS: [string, string][] = BOX_COLOURS.slice(0, -1).map((c, i) => [`${c} box`, `${BOX_COLOURS[i + 1]} box`]);
