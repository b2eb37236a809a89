/**
 * What a task type is: its variations (in ScienceWorld's order, so the train/dev/test blocks cut as
 * ScienceWorld cuts them), how a variation furnishes the house, its description, its goals, and an expert
 * policy that solves it. Adding a task type means writing one module of this shape and one registry line.
 */

import type { Expert } from '../expert/expert.ts';
import type { RngState } from '../world/rng.ts';
import type { World } from '../world/world.ts';
import type { GoalSequence } from './goals.ts';

export interface TaskType<P = any> {
  /** ScienceWorld's id, e.g. `1-1`. */
  id: string;
  /** ScienceWorld's name, e.g. `boil`. */
  name: string;
  topic: string;
  /** The parameters of every variation; the index is the variation number. */
  variations(): readonly P[];
  /** Adds what the variation needs to the freshly built house (`layout` draws its random choices). */
  setup(w: World, params: P, layout: RngState): void;
  description(params: P): string;
  /** A fresh goal sequence for one episode. */
  goals(params: P): GoalSequence;
  /** Solves the variation from its start, step by step, on a private copy of the episode. */
  expert(x: Expert, params: P): void;
  /** Names of things this task is about, for grounding candidate subtasks. */
  vocabulary(params: P): string[];
}

/** `1-1 boil`: how episodes and reports name a task type. */
export function taskLabel(t: TaskType): string {
  return `${t.id} ${t.name}`;
}
