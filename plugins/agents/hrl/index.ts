/**
 * `hrl`: GLIDER-style hierarchy. The high level reads the task and the whole history and picks a subtask
 * among its own proposals; the low level reads the subtask, the history within it and the current
 * observation and picks an action and whether the subtask is finished. Levels learn with the paper's rewards
 * (high: env reward summed over the subtask; low: +1 at the subtask's end, −1 for an invalid action).
 */
import type { FromSchema } from 'json-schema-to-ts';
import { definePlugin, type EnvCapability } from '../../../harness/api.ts';
import { type AgentDefinition, historyWindowSchema, LearningAgent, networkConfig, networkOptionsSchema } from '../common/learning-agent.ts';
import { SubtaskSource, subtaskOptionsSchema } from '../common/subtask-source.ts';
import { trainSchema } from '../common/train-settings.ts';
import { HIGH_ROLE, HrlController, LOW_ROLE } from './controller.ts';

export const VERSION = '1.0.0';

export const hrlOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ...networkOptionsSchema, ...historyWindowSchema, ...subtaskOptionsSchema },
} as const;

export type HrlOptions = FromSchema<typeof hrlOptionsSchema>;

export function hrlDefinition(options: HrlOptions): AgentDefinition {
  const subtasks = new SubtaskSource(options);
  return {
    name: 'hrl',
    version: VERSION,
    roles: [
      { role: HIGH_ROLE, reward: { kind: 'subtask-return' }, teacher: 'subtask' },
      { role: LOW_ROLE, reward: { kind: 'subtask-completion' }, teacher: 'action+flag' },
    ],
    createController: () => new HrlController((view) => subtasks.candidates(view, 'hrl'), options.historyWindow),
    subtasks,
  };
}

export default definePlugin({
  kind: 'agent',
  name: 'hrl',
  version: VERSION,
  description: 'GLIDER-style HRL: high level on task + full history, low level on subtask + its history (small tfjs network).',
  optionsSchema: hrlOptionsSchema,
  trainSchema,
  // Both levels imitate the expert's subtasks; with `subtaskProposals: env` the high level chooses among the env's.
  requires: (options: HrlOptions, { trains }): EnvCapability[] => [
    ...(trains ? (['expert', 'subtasks'] as const) : []),
    ...(options.subtaskProposals === 'env' ? (['candidateSubtasks'] as const) : []),
  ],
  caveats: (options: HrlOptions) =>
    options.subtaskProposals === 'env'
      ? [
          "The high level chooses among the env's candidate subtasks (subtaskProposals: env), which an env may build from what the player cannot see: not a fair comparison with agents that propose their own.",
        ]
      : [],
  create: (options: HrlOptions, ctx) => LearningAgent.create(hrlDefinition(options), options, ctx, networkConfig(options)),
});
