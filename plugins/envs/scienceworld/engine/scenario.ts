/**
 * What an episode needs of its task type: the variations, how one furnishes the house, its description and
 * its goals. A task type (`tasks/types.ts`) is a scenario plus an expert that solves it.
 */
import type { JvmRandom } from '../world/jvm-random.ts';
import type { World } from '../world/world.ts';
import type { GoalSequence } from './scoring.ts';

export interface Scenario<P = unknown> {
  /** ScienceWorld's id, e.g. `1-1`. */
  id: string;
  /** ScienceWorld's name, e.g. `boil`. */
  name: string;
  /** The parameters of every variation; the index is the variation number. */
  variations(): readonly P[];
  /** Adds what the variation needs to the freshly built house (`layout` draws its random choices). */
  setup(w: World, params: P, layout: JvmRandom): void;
  description(params: P): string;
  /** A fresh goal sequence for one episode. */
  goals(params: P): GoalSequence;
}
