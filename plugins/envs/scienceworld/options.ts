/** The plugin's options: which task types, how many evaluation variations, which simplifications. */
import type { FromSchema } from 'json-schema-to-ts';
import { withDefaults } from '../../../harness/api.ts';
import { findTask, PAPER_TASK_IDS, TASKS } from './tasks/registry.ts';
import type { TaskType } from './tasks/types.ts';
import { NO_SIMPLIFICATIONS, type Simplifications } from './world/world.ts';

export const SIMPLIFICATION_NAMES = ['teleportAction', 'openDoors', 'openContainers', 'selfWateringFlowerPots', 'noElectricalAction'] as const;

export const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    tasks: {
      description: "Task types: 'all' (every implemented type), 'paper' (the paper's 24), or a list of ids ('1-1') or names ('boil').",
      default: 'all',
      oneOf: [
        { type: 'string', enum: ['all', 'paper'] },
        { type: 'array', items: { type: 'string' }, minItems: 1 },
      ],
    },
    evalVariationsPerTask: {
      description: 'Cap on dev (seen) and test (unseen) variations per task type, taken from the start of each block; the paper used 10. Null: no cap.',
      type: ['integer', 'null'],
      minimum: 1,
      default: null,
    },
    trainVariationsPerTask: {
      description: 'Cap on training variations per task type, from the start of the block. Null: no cap.',
      type: ['integer', 'null'],
      minimum: 1,
      default: null,
    },
    simplifications: {
      description:
        "ScienceWorld simplifications: teleportAction, openDoors, openContainers, selfWateringFlowerPots, noElectricalAction, or 'easy' for its preset.",
      type: 'array',
      items: { type: 'string', enum: [...SIMPLIFICATION_NAMES, 'easy'] },
      default: [],
    },
  },
} as const;

/** The options, as the schema declares them (its defaults filled in). */
export type ScienceWorldOptions = FromSchema<typeof optionsSchema>;

/** The options with the schema's defaults filled in (the harness does this already; direct callers rely on it). */
export function resolveOptions(raw: Partial<ScienceWorldOptions> | undefined): ScienceWorldOptions {
  return withDefaults<ScienceWorldOptions>(optionsSchema, raw);
}

/** The selected task types, in registry order; unknown names are an error naming what exists. */
export function selectTasks(options: ScienceWorldOptions): TaskType[] {
  if (options.tasks === 'all') return TASKS.slice();
  if (options.tasks === 'paper') return TASKS.filter((t) => (PAPER_TASK_IDS as readonly string[]).includes(t.id));
  const out: TaskType[] = [];
  for (const key of options.tasks) {
    const task = findTask(key);
    if (!task) throw new Error(`scienceworld: unknown task "${key}"; known: ${TASKS.map((t) => `${t.id} ${t.name}`).join(', ')}`);
    if (!out.includes(task)) out.push(task);
  }
  return TASKS.filter((t) => out.includes(t));
}

/** Simplifications for one task type (`easy` keeps electrical actions for electrical tasks, as ScienceWorld does). */
export function simplificationsFor(task: TaskType, names: readonly string[]): Simplifications {
  const s: Simplifications = { ...NO_SIMPLIFICATIONS };
  const electrical = task.name.includes('power-component') || task.name.includes('conductivity');
  for (const name of names) {
    if (name === 'easy') {
      s.teleportAction = true;
      s.openDoors = true;
      s.selfWateringFlowerPots = true;
      if (!electrical) s.noElectricalAction = true;
    } else if ((SIMPLIFICATION_NAMES as readonly string[]).includes(name)) {
      s[name as keyof Simplifications] = true;
    }
  }
  if (electrical && s.noElectricalAction) throw new Error(`scienceworld: task ${task.id} ${task.name} needs electrical actions; remove noElectricalAction`);
  return s;
}
