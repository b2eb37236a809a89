import type { EpisodeSpec, StepResult } from '../../../harness/api.ts';
import { Session } from '../../../plugins/envs/scienceworld/engine/session.ts';
import plugin from '../../../plugins/envs/scienceworld/index.ts';
import { findTask } from '../../../plugins/envs/scienceworld/tasks/registry.ts';
import type { World } from '../../../plugins/envs/scienceworld/world/world.ts';

export { plugin };

export async function makeEnv(task: string, variation: number, seed = 1, options: Record<string, unknown> = {}) {
  return plugin.create({ id: 'test', task, variation }, { options, seed });
}

/** A session (the env's inner episode) for tests that look at the world directly. */
export function session(task: string, variation = 0, seed = 1): Session {
  return new Session(findTask(task)!, variation, seed);
}

/** Moves the agent (and optionally opens every door), to set up a scene without walking there. */
export function teleport(w: World, location: string): void {
  w.put(w.agent.id, w.locationNamed(location)!.id);
}

export interface Replay {
  steps: number;
  last?: StepResult;
  /** Problems found: an invalid step, a subtask missing from the candidates, a malformed label. */
  problems: string[];
}

/**
 * Replays the expert's plan through a fresh env, checking what the harness's conformance check checks
 * (each subtask among the candidates at its start only when `candidates` is on: computing them is half the
 * cost of a replay).
 */
export async function replayExpert(episode: EpisodeSpec, seed = 1, candidates = true): Promise<Replay> {
  const env = await plugin.create(episode, { options: {}, seed });
  await env.reset();
  const plan = await env.expert!();
  const problems: string[] = [];
  let steps = 0;
  let last: StepResult | undefined;
  for (const subtask of plan.subtasks) {
    if (candidates && !(await env.candidateSubtasks!()).includes(subtask.subtask)) problems.push(`"${subtask.subtask}" not among the candidates`);
    for (const { action, progress } of subtask.steps) {
      if (!progress || progress.trim() === '') problems.push(`no label for "${action}"`);
      if (subtask.subtask.startsWith('navigate to(') && !/ \|\| \[Route: [^\]]+\]$/.test(progress))
        problems.push(`navigation label without a route: ${progress}`);
      if (subtask.subtask.startsWith('find(') && !/ \|\| \[Checked: [^\]]*\]$/.test(progress)) problems.push(`search label without Checked: ${progress}`);
      last = await env.step(action);
      steps++;
      if (last.invalid) problems.push(`step ${steps} "${action}" was invalid: ${last.observation.slice(0, 80)}`);
      if (last.done && !last.success) problems.push(`failed at step ${steps} ("${action}")`);
    }
  }
  return { steps, last, problems };
}
