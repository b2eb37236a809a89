/**
 * What an adapter's replies must look like, checked field by field so a broken adapter gets a message that
 * names the method and the field, not a `TypeError` somewhere in an agent.
 */
import type { Demonstration, EpisodeSpec, ResetResult, StepInfo, StepResult } from '../../../harness/api.ts';
import { boolean, describe, type Fields, number, object, string } from '../common/reply-fields.ts';

function info(fields: Fields, what: string): StepInfo | undefined {
  if (fields.info === undefined || fields.info === null) return undefined;
  return object(fields.info, `${what} "info"`) as StepInfo;
}

export function parseEpisodes(value: unknown, split: string): EpisodeSpec[] {
  const what = `episodes("${split}") reply`;
  if (!Array.isArray(value)) throw new Error(`${what}: expected a list, got ${describe(value)}`);
  return value.map((item, i) => {
    const fields = object(item, `${what} [${i}]`);
    return {
      id: string(fields, 'id', `${what} [${i}]`),
      task: string(fields, 'task', `${what} [${i}]`),
      variation: number(fields, 'variation', `${what} [${i}]`),
    };
  });
}

export function parseReset(value: unknown): ResetResult {
  const fields = object(value, 'reset reply');
  const result: ResetResult = { observation: string(fields, 'observation', 'reset reply'), task: string(fields, 'task', 'reset reply') };
  const extra = info(fields, 'reset reply');
  if (extra) result.info = extra;
  return result;
}

export function parseStep(value: unknown): StepResult {
  const what = 'step reply';
  const fields = object(value, what);
  const result: StepResult = {
    observation: string(fields, 'observation', what),
    reward: number(fields, 'reward', what),
    score: number(fields, 'score', what),
    done: boolean(fields, 'done', what),
    success: boolean(fields, 'success', what),
  };
  if (fields.invalid !== undefined && boolean(fields, 'invalid', what)) result.invalid = true;
  if (fields.progress !== undefined && fields.progress !== null) {
    const progress = number(fields, 'progress', what);
    if (progress < 0 || progress > 1) throw new Error(`${what}: "progress" must be between 0 and 1, got ${progress}`);
    result.progress = progress;
  }
  const extra = info(fields, what);
  if (extra) result.info = extra;
  return result;
}

export function parseActions(value: unknown, method: string): string[] {
  if (!Array.isArray(value) || !value.every((a) => typeof a === 'string'))
    throw new Error(`${method} reply: expected a list of strings, got ${describe(value)}`);
  return value;
}

/**
 * An expert reply as a Demonstration. A full `{subtasks}` plan passes through (checked); a gold action
 * sequence becomes one subtask (the task itself), each step labelled with the progress the environment
 * reported for it, or with the score it reached, or else with its place in the plan.
 */
export function parseExpert(value: unknown, task: string): Demonstration {
  const what = 'expert reply';
  if (value === null || value === undefined) throw new Error('the adapter has no expert plan for this episode');
  if (!Array.isArray(value)) {
    const fields = object(value, what);
    if (!Array.isArray(fields.subtasks)) throw new Error(`${what}: expected a list of actions or { subtasks: [...] }`);
    return {
      subtasks: fields.subtasks.map((s, i) => {
        const subtask = object(s, `${what} subtask ${i}`);
        if (!Array.isArray(subtask.steps)) throw new Error(`${what} subtask ${i}: "steps" must be a list`);
        return {
          subtask: string(subtask, 'subtask', `${what} subtask ${i}`),
          steps: subtask.steps.map((step, j) => {
            const fields = object(step, `${what} subtask ${i} step ${j}`);
            return {
              action: string(fields, 'action', `${what} subtask ${i} step ${j}`),
              progress: string(fields, 'progress', `${what} subtask ${i} step ${j}`),
            };
          }),
        };
      }),
    };
  }
  const steps = value.map((item, i) => {
    if (typeof item === 'string') return { action: item, progress: planLabel(i, value.length) };
    const fields = object(item, `${what} [${i}]`);
    const action = string(fields, 'action', `${what} [${i}]`);
    if (typeof fields.progress === 'string') return { action, progress: fields.progress };
    if (typeof fields.score === 'number') return { action, progress: `The task score is now ${fields.score} of 100.` };
    return { action, progress: planLabel(i, value.length) };
  });
  return { subtasks: [{ subtask: subtaskOf(task), steps }] };
}

function planLabel(i: number, n: number): string {
  return `Done ${i + 1} of the ${n} steps of the plan.`;
}

/** The task's first sentence without "Your task is to(:)" (ALFWorld, ScienceWorld): "boil water". */
function subtaskOf(task: string): string {
  const text = task
    .replace(/^\s*your task is to:?\s*/i, '')
    .split(/\.(?:\s|$)/)[0]
    .trim();
  return text || 'complete the task';
}
