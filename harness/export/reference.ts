/**
 * The `reference` format: one JSON object per expert episode with the keys that the STEP-HRL reference code's
 * data converters read (`env/{scienceworld,alfworld}/convert_data_memory.py`), in the conventions of its expert
 * generators (`env/scienceworld/generate_expert_path.py`, `env/alfworld/check_expert.py`):
 *
 *   task_description   the task text
 *   subtask[K]         the expert's subtasks
 *   group_action[K][]  the actions of each subtask, in order: together exactly `action`
 *   action[T]          every action
 *   obs[T]             what was seen before each action (the reset text first)
 *   next_obs[T]        each action's feedback
 *   look[T+1], inventory[T+1]   the room and inventory before each action and after the last (null where the
 *                      env gives none)
 *   reward[T]          score change / 100 (ScienceWorld's reward / 100; ALFWorld: 1 on the winning step)
 *   score[T]           score / 100 after each action
 *   done[T]            the env ended the episode with this action
 *   local_progress[K][]  per subtask, the progress before each of its actions ("None" first) and after its last;
 *                      the final subtask stops before its last action's label, which no decision reads — so
 *                      subtask k holds len(group_action[k]) + 1 labels, the last one len(group_action[K−1])
 *
 * plus `id`, `task_type` and `variation`, which the converters ignore.
 */
import type { ExpertEpisode } from './expert.ts';

/** The local progress at a subtask's start, as the reference code writes it. */
const NO_PROGRESS = 'None';

export interface ReferenceRecord {
  id: string;
  task_type: string;
  variation: number;
  task_description: string;
  subtask: string[];
  group_action: string[][];
  action: string[];
  obs: string[];
  next_obs: string[];
  look: (string | null)[];
  inventory: (string | null)[];
  reward: number[];
  score: number[];
  done: boolean[];
  local_progress: string[][];
}

export function referenceRecord({ demonstration: d, final }: ExpertEpisode): ReferenceRecord {
  const steps = d.steps;
  const subtask: string[] = [];
  const groupAction: string[][] = [];
  const localProgress: string[][] = [];
  steps.forEach((s, t) => {
    if (t === 0 || s.subtaskIndex !== steps[t - 1].subtaskIndex) {
      subtask.push(s.subtask);
      groupAction.push([]);
      localProgress.push([NO_PROGRESS]);
    }
    groupAction.at(-1)!.push(s.action);
    if (t < steps.length - 1) localProgress.at(-1)!.push(s.progress);
  });
  const textOf = (value: unknown) => (typeof value === 'string' ? value : null);
  const after = final ?? { observation: '', info: undefined };
  return {
    id: d.episode.id,
    task_type: d.episode.task,
    variation: d.episode.variation,
    task_description: d.task,
    subtask,
    group_action: groupAction,
    action: steps.map((s) => s.action),
    obs: steps.map((s) => s.observation),
    next_obs: steps.map((_, t) => (t + 1 < steps.length ? steps[t + 1].observation : after.observation)),
    look: [...steps.map((s) => textOf(s.info?.look)), textOf(after.info?.look)],
    inventory: [...steps.map((s) => textOf(s.info?.inventory)), textOf(after.info?.inventory)],
    reward: steps.map((s) => s.reward),
    score: steps.map((s) => s.score / 100),
    done: steps.map((s) => s.done),
    local_progress: localProgress,
  };
}
