/**
 * Helpers for building variation lists the way ScienceWorld does: full cross products, sub-sampled within
 * the train, dev and test halves/quarters so the blocks keep their contents.
 */
import { JvmRandom } from '../../world/jvm-random.ts';

/**
 * Keeps `proportion` of each of the first half, third quarter and last quarter of `items`, in that order:
 * ScienceWorld's `subsampleWithinTrainDevTest`, which shuffles the three blocks in turn with one generator
 * seeded 5 and keeps the start of each.
 */
export function subsampleWithinBlocks<T>(items: readonly T[], proportion: number): T[] {
  const n = items.length;
  const blocks = [items.slice(0, Math.floor(n * 0.5)), items.slice(Math.floor(n * 0.5), Math.floor(n * 0.75)), items.slice(Math.floor(n * 0.75))];
  const r = new JvmRandom(5);
  return blocks.flatMap((b) => r.shuffle(b).slice(0, Math.floor(b.length * proportion)));
}

/** ScienceWorld prints task temperatures as Scala doubles: `50.0`, `-10.0`. */
export function asDouble(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

export const BOX_COLOURS = ['red', 'green', 'blue', 'orange', 'yellow', 'purple'] as const;

/** The five pairs of neighbouring colours ScienceWorld uses for two-box answers (red/green, green/blue, …). */
export const BOX_PAIRS: [string, string][] = BOX_COLOURS.slice(0, -1).map((c, i) => [`${c} box`, `${BOX_COLOURS[i + 1]} box`]);

/** ScienceWorld's animals, in its order: the find and life-stage tasks shuffle this list with seeded generators. */
export const ANIMAL_SPECIES = [
  'butterfly',
  'moth',
  'frog',
  'common toad',
  'giant tortoise',
  'turtle',
  'crocodile',
  'parrot',
  'dove',
  'blue jay',
  'elephant',
  'brown bear',
  'beaver',
  'wolf',
];
