import type { EpisodeSpec, StepResult } from '../../../harness/api.ts';
import type { AlfworldEnv, AlfworldOptions } from '../../../plugins/envs/alfworld/env.ts';
import alfworld from '../../../plugins/envs/alfworld/index.ts';

export { alfworld };

export function episodes(split: string, options: Partial<AlfworldOptions> = {}): EpisodeSpec[] {
  return alfworld.episodes(split, options) as EpisodeSpec[];
}

export function open(episode: EpisodeSpec, options: Partial<AlfworldOptions> = {}, seed = 0): AlfworldEnv {
  return alfworld.create(episode, { options, seed }) as AlfworldEnv;
}

export function byId(split: string, id: string): EpisodeSpec {
  const found = episodes(split).find((e) => e.id === id);
  if (!found) throw new Error(`no episode ${id} in ${split}`);
  return found;
}

/** Plays the expert's plan through a fresh env; returns the results of every step. */
export function replayExpert(episode: EpisodeSpec, options: Partial<AlfworldOptions> = {}): StepResult[] {
  const env = open(episode, options);
  env.reset();
  const results: StepResult[] = [];
  for (const subtask of env.expert().subtasks) {
    for (const step of subtask.steps) results.push(env.step(step.action));
  }
  return results;
}

/** Every `word N` name in a text (objects and receptacles as ALFWorld prints them). */
export function namesIn(text: string): string[] {
  return [...text.matchAll(/\b([a-z]+) (\d+)\b/g)].map((m) => `${m[1]} ${m[2]}`);
}
