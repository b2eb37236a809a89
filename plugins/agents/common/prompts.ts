/**
 * Prompt builders for the three conditioning schemes, shared by the small-network agents and by any agent
 * that prompts a real LLM: pure functions from plain state to prompt parts.
 *
 * Each prompt follows the structure of the STEP-HRL paper's prompts (a role line saying what the policy
 * decides and from what, then one labelled field per input), in this project's own words. A prompt is a list
 * of parts; every part ends with "\n", so the harness can count tokens part by part, and the text a policy is
 * conditioned on is exactly `parts.join('')`.
 *
 * What each policy sees:
 *   vanilla  policy    task, every observation and action so far, current observation
 *   hrl      high      task, every observation and action so far, current observation
 *   hrl      low       subtask, observations and actions since the subtask began, current observation
 *   step-hrl high      task, completed subtasks, last subtask's final local progress, current observation
 *   step-hrl low       subtask, current observation, local progress
 *   step-hrl progress  subtask, previous local progress, action, resulting observation
 */

/** What a player sees at a step: the env's feedback text and, where the env gives them, room and inventory. */
export interface ObservationText {
  observation: string;
  look?: string;
  inventory?: string;
}

/** One step of interaction history: what was observed, then what was done. */
export interface HistoryEntry {
  step: number;
  observation: string;
  action: string;
}

export const ROLE_LINES = {
  vanilla:
    'You are an agent acting in a text-based world. From the task, every observation and action so far, and the current observation, choose the next action.',
  hrlHigh: 'You are a high-level planner. From the task, the whole interaction history and the current observation, choose the next subtask.',
  hrlLow:
    'You are a low-level executor. From the current subtask, the interaction since it began and the current observation, choose an executable action and say whether the subtask is finished (True/False).',
  stepHigh:
    'You are a high-level planner. From the task, the completed subtasks, the final local progress of the last subtask and the current observation, choose the next subtask.',
  stepHighNoProgress: 'You are a high-level planner. From the task, the completed subtasks and the current observation, choose the next subtask.',
  stepLow:
    'You are a low-level executor. From the current subtask, the current observation and the local progress, choose an executable action and say whether the subtask is finished (True/False).',
  stepLowNoProgress:
    'You are a low-level executor. From the current subtask and the current observation, choose an executable action and say whether the subtask is finished (True/False).',
  stepFlat: 'You are an agent acting in a text-based world. From the task, the current observation and the progress so far, choose the next action.',
  progress:
    'You keep the local progress of the current subtask. From the subtask, the previous local progress, the action just taken and the resulting observation, write the updated local progress, short and keeping only what later steps need.',
  progressFlat:
    'You keep the progress of the task. From the task, the previous progress, the action just taken and the resulting observation, write the updated progress, short and keeping only what later steps need.',
} as const;

/**
 * The last `window` steps of a history (all of it for 0): the `historyWindow` ablation of the
 * history-conditioned schemes, which keeps their prompts from growing with the episode.
 */
export function recent(history: readonly HistoryEntry[], window: number): readonly HistoryEntry[] {
  return window > 0 ? history.slice(-window) : history;
}

/** The local progress before anything happened in a subtask. */
export const NO_PROGRESS = 'None';

/** Drops trailing line breaks and spaces, so every field ends exactly where its part ends. */
function clean(text: string): string {
  return text.replace(/\s+$/, '');
}

function line(text: string): string {
  return `${text}\n`;
}

/** The observation, then the room and inventory lines when the env provides them. */
export function formatObservation(o: ObservationText): string {
  let text = clean(o.observation);
  if (o.look !== undefined) text += `\nLook: ${clean(o.look)}`;
  if (o.inventory !== undefined) text += `\nInventory: ${clean(o.inventory)}`;
  return text;
}

/** Reads an env's per-step info into an `ObservationText` (only `look` and `inventory` are used). */
export function observationText(observation: string, info?: { look?: unknown; inventory?: unknown }): ObservationText {
  const o: ObservationText = { observation };
  if (typeof info?.look === 'string') o.look = info.look;
  if (typeof info?.inventory === 'string') o.inventory = info.inventory;
  return o;
}

/** One part per history step, so a growing history is counted incrementally. */
export function historyParts(history: readonly HistoryEntry[]): string[] {
  return history.map((h) => `Observation ${h.step}: ${clean(h.observation)}\nAction ${h.step}: ${clean(h.action)}\n`);
}

export function vanillaPrompt(s: { task: string; history: readonly HistoryEntry[]; current: ObservationText }): string[] {
  return [line(ROLE_LINES.vanilla), line(`Task: ${clean(s.task)}`), ...historyParts(s.history), line(`Current observation: ${formatObservation(s.current)}`)];
}

export function hrlHighPrompt(s: { task: string; history: readonly HistoryEntry[]; current: ObservationText }): string[] {
  return [line(ROLE_LINES.hrlHigh), line(`Task: ${clean(s.task)}`), ...historyParts(s.history), line(`Current observation: ${formatObservation(s.current)}`)];
}

export function hrlLowPrompt(s: { subtask: string; history: readonly HistoryEntry[]; current: ObservationText }): string[] {
  return [
    line(ROLE_LINES.hrlLow),
    line(`Subtask: ${clean(s.subtask)}`),
    ...historyParts(s.history),
    line(`Current observation: ${formatObservation(s.current)}`),
  ];
}

/** The completed subtasks as one field (`None` before the first is done). */
export function formatSubtaskList(subtasks: readonly string[]): string {
  return subtasks.length === 0 ? NO_PROGRESS : subtasks.map(clean).join('; ');
}

export function stepHighPrompt(s: {
  task: string;
  completedSubtasks: readonly string[];
  /** Null when the agent keeps no local progress (ablation). */
  lastProgress: string | null;
  current: ObservationText;
}): string[] {
  return [
    line(s.lastProgress === null ? ROLE_LINES.stepHighNoProgress : ROLE_LINES.stepHigh),
    line(`Task: ${clean(s.task)}`),
    line(`Completed subtasks: ${formatSubtaskList(s.completedSubtasks)}`),
    ...(s.lastProgress === null ? [] : [line(`Last subtask progress: ${clean(s.lastProgress)}`)]),
    line(`Current observation: ${formatObservation(s.current)}`),
  ];
}

export function stepLowPrompt(s: { subtask: string; current: ObservationText; progress: string | null }): string[] {
  return [
    line(s.progress === null ? ROLE_LINES.stepLowNoProgress : ROLE_LINES.stepLow),
    line(`Subtask: ${clean(s.subtask)}`),
    line(`Current observation: ${formatObservation(s.current)}`),
    ...(s.progress === null ? [] : [line(`Local progress: ${clean(s.progress)}`)]),
  ];
}

/** STEP-HRL without hierarchy: one policy on the task, the current observation and the progress. */
export function stepFlatPrompt(s: { task: string; current: ObservationText; progress: string | null }): string[] {
  return [
    line(ROLE_LINES.stepFlat),
    line(`Task: ${clean(s.task)}`),
    line(`Current observation: ${formatObservation(s.current)}`),
    ...(s.progress === null ? [] : [line(`Progress: ${clean(s.progress)}`)]),
  ];
}

export function progressPrompt(s: {
  /** The subtask (or, without hierarchy, the task) the progress is about. */
  subtask: string;
  scope?: 'subtask' | 'task';
  previous: string;
  action: string;
  observation: string;
}): string[] {
  const task = s.scope === 'task';
  return [
    line(task ? ROLE_LINES.progressFlat : ROLE_LINES.progress),
    line(`${task ? 'Task' : 'Subtask'}: ${clean(s.subtask)}`),
    line(`Previous progress: ${clean(s.previous)}`),
    line(`Action: ${clean(s.action)}`),
    line(`Resulting observation: ${clean(s.observation)}`),
  ];
}

/** The low level's completion: the action and the subtask-finished flag, as in the paper's `"a; True"`. */
export function lowCompletion(action: string, finished: boolean): string {
  return `${action}; ${finished ? 'True' : 'False'}`;
}

/**
 * Parses a low-level completion the way the paper's code does (`(.*?)\s*;\s*(true|false)`, any case).
 * Text that does not parse is taken whole as the action with the flag false.
 */
export function parseLowCompletion(text: string): { action: string; finished: boolean } {
  const match = /^(.*?)\s*;\s*(true|false)\b/is.exec(text.trim());
  if (!match) return { action: text.trim(), finished: false };
  return { action: match[1].trim(), finished: match[2].toLowerCase() === 'true' };
}
