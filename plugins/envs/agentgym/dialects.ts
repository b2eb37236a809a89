/**
 * How each AgentGym server words the common protocol. All create an instance with `POST /create` (→ `{id}`)
 * and play with `POST /step {id, action}`; they differ in the reset body, the reply fields, where the
 * available actions come from and whether `/close` exists. Each dialect turns replies into the harness's
 * results with the environment's own success predicate:
 *
 * - `sciworld` (agentenv-sciworld): reset `{id, data_idx}` → `{task_name, var_num, task_description,
 *   observation, score, done}`; step → `{observation, reward, score, done}`. Success is a score of 100; a
 *   failed task scores −100. Actions: `GET /action_hint` gives templates and objects (not ScienceWorld's
 *   valid combinations), expanded here.
 * - `alfworld` (agentenv-alfworld): reset `{id, game, world_type}` → `{observation, available_actions,
 *   task_type}`; step → `{observation, reward (= won), available_actions, done}`. Success is `won`, score
 *   100 × won. The server has no `/close`.
 * - `generic` (babyai, textcraft-style servers): reset `{id, data_idx}` (the first observation from its
 *   reply, or else from `GET /observation`); step → `{observation, reward, done, score?}`. Score is `score`
 *   or 100 × reward; success is a score of 100 (AgentGym's own rule).
 */
import type { StepResult } from '../../../harness/api.ts';
import { boolean, type Fields, number, object, string, strings } from '../common/reply-fields.ts';

export const DIALECTS = ['sciworld', 'alfworld', 'generic'] as const;
export type DialectName = (typeof DIALECTS)[number];

export interface ResetReading {
  /** Absent when the server sends it only through `GET /observation` (some generic servers). */
  observation?: string;
  task: string;
  /** Available actions sent with the reply, if the server sends them. */
  actions?: string[];
  /** What the server says it loaded, to check against the episode's label. */
  loaded?: { task: string; variation: number };
}

export interface StepReading extends StepResult {
  actions?: string[];
}

/** Where the valid actions come from: the last reply (none if it had none), or `GET /action_hint`. */
export type ActionSource = 'reply' | 'hint';

export interface Dialect {
  name: DialectName;
  resetBody(index: number, worldType: string): Fields;
  readReset(reply: unknown): ResetReading;
  /** `previous`: the score before this step, for rewards of servers that only report a flag. */
  readStep(reply: unknown, previous: { score: number; won: boolean }): StepReading;
  actionSource: ActionSource;
  /** The server has a `/close` route (a missing one is not an error). */
  hasClose: boolean;
}

// ScienceWorld's reply to input its parser cannot match; ALFWorld's to a command that does not apply.
const SCIWORLD_NO_MATCH = 'No known action matches that input.';
const ALFWORLD_NOTHING = 'Nothing happens.';

/** The line of an ALFWorld observation that states the goal ("Your task is to: ..."). */
function goalLine(observation: string): string {
  return observation.split('\n').find((line) => line.trim().startsWith('Your task is to')) ?? '';
}

const sciworld: Dialect = {
  name: 'sciworld',
  resetBody: (index) => ({ data_idx: index }),
  readReset(reply) {
    const what = 'sciworld reset reply';
    const fields = object(reply, what);
    return {
      observation: string(fields, 'observation', what),
      task: string(fields, 'task_description', what),
      loaded: { task: string(fields, 'task_name', what), variation: number(fields, 'var_num', what) },
    };
  },
  readStep(reply) {
    const what = 'sciworld step reply';
    const fields = object(reply, what);
    const observation = string(fields, 'observation', what);
    const score = number(fields, 'score', what);
    return {
      observation,
      reward: number(fields, 'reward', what),
      score,
      done: boolean(fields, 'done', what),
      success: score >= 100,
      ...(observation.trim().startsWith(SCIWORLD_NO_MATCH) ? { invalid: true } : {}),
      // ScienceWorld's score is the fraction of the task's ordered subgoals reached (plus small bonuses).
      progress: Math.max(0, Math.min(score, 100)) / 100,
    };
  },
  actionSource: 'hint',
  hasClose: true,
};

const alfworld: Dialect = {
  name: 'alfworld',
  resetBody: (index, worldType) => ({ game: index, world_type: worldType }),
  readReset(reply) {
    const what = 'alfworld reset reply';
    const fields = object(reply, what);
    const observation = string(fields, 'observation', what);
    return { observation, task: goalLine(observation), actions: strings(fields, 'available_actions', what) };
  },
  readStep(reply, previous) {
    const what = 'alfworld step reply';
    const fields = object(reply, what);
    const observation = string(fields, 'observation', what);
    const won = previous.won || number(fields, 'reward', what) >= 1;
    return {
      observation,
      reward: won && !previous.won ? 1 : 0,
      score: won ? 100 : 0,
      done: boolean(fields, 'done', what) || won,
      success: won,
      ...(observation.trim() === ALFWORLD_NOTHING ? { invalid: true } : {}),
      actions: strings(fields, 'available_actions', what),
    };
  },
  actionSource: 'reply',
  hasClose: false,
};

const generic: Dialect = {
  name: 'generic',
  resetBody: (index) => ({ data_idx: index }),
  readReset(reply) {
    const what = 'reset reply';
    if (typeof reply === 'string') return { observation: reply, task: '' };
    const fields = object(reply, what);
    const task = ['task_description', 'task', 'goal'].map((k) => fields[k]).find((v) => typeof v === 'string') as string | undefined;
    const reading: ResetReading = { task: task ?? '' };
    if (fields.observation !== undefined) reading.observation = string(fields, 'observation', what);
    if (fields.available_actions !== undefined) reading.actions = strings(fields, 'available_actions', what);
    return reading;
  },
  readStep(reply) {
    const what = 'step reply';
    const fields = object(reply, what);
    const reward = number(fields, 'reward', what);
    // A reward in [0, 1] is a fraction of the task: on the 0–100 scale, rounded off float noise (0.07 × 100).
    const score = fields.score !== undefined ? number(fields, 'score', what) : reward <= 1 ? Math.round(reward * 1e8) / 1e6 : reward;
    const reading: StepReading = {
      observation: string(fields, 'observation', what),
      reward,
      score,
      done: boolean(fields, 'done', what),
      success: score >= 100,
    };
    if (fields.available_actions !== undefined) reading.actions = strings(fields, 'available_actions', what);
    return reading;
  },
  actionSource: 'reply',
  hasClose: true,
};

export const dialects: Record<DialectName, Dialect> = { sciworld, alfworld, generic };

/**
 * ScienceWorld action templates (`"move OBJ to OBJ"`) filled with the objects in view, in a fixed order:
 * templates without objects, then one object, then two; at most `limit` actions. A superset of the valid
 * actions, since the server does not expose ScienceWorld's valid action–object combinations.
 */
export function expandTemplates(templates: string[], objects: string[], limit: number): string[] {
  const byArity = [0, 1, 2].map((n) => templates.filter((t) => (t.match(/\bOBJ\b/g) ?? []).length === n));
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (action: string) => {
    if (out.length < limit && !seen.has(action)) {
      seen.add(action);
      out.push(action);
    }
  };
  for (const t of byArity[0]) add(t);
  for (const t of byArity[1]) for (const a of objects) add(t.replace(/\bOBJ\b/, () => a));
  for (const t of byArity[2]) for (const a of objects) for (const b of objects) if (a !== b) add(t.replace(/\bOBJ\b/, () => a).replace(/\bOBJ\b/, () => b));
  return out;
}
