/**
 * What a task type is: a scenario (its variations, in ScienceWorld's order, so the train/dev/test blocks cut
 * as ScienceWorld cuts them; how a variation furnishes the house; its description and goals) and an expert
 * policy that solves it. Adding a task type means writing one module of this shape and one registry line.
 */

import type { Scenario } from '../engine/scenario.ts';
import type { Expert } from '../expert/expert.ts';

export interface TaskType<P = any> extends Scenario<P> {
  topic: string;
  /** Solves the variation from its start, step by step, on a private copy of the episode. */
  expert(x: Expert, params: P): void;
  /** Names of things this task is about, for grounding candidate subtasks. */
  vocabulary(params: P): string[];
}

/** `1-1 boil`: how episodes and reports name a task type. */
export function taskLabel(t: TaskType): string {
  return `${t.id} ${t.name}`;
}
