/**
 * `vanilla-rl`: one policy conditioned on the task, the whole interaction history and the current
 * observation, trained by behaviour cloning then offline RL (env reward per step).
 */
import type { FromSchema } from 'json-schema-to-ts';
import { definePlugin, type EnvCapability } from '../../../harness/api.ts';
import { type AgentDefinition, historyWindowSchema, LearningAgent, networkConfig, networkOptionsSchema } from '../common/learning-agent.ts';
import { trainSchema } from '../common/train-settings.ts';
import { VANILLA_ROLE, VanillaController } from './controller.ts';

export const VERSION = '1.0.0';

export const vanillaOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ...networkOptionsSchema, ...historyWindowSchema },
} as const;

export type VanillaOptions = FromSchema<typeof vanillaOptionsSchema>;

export function vanillaDefinition(options: VanillaOptions): AgentDefinition {
  return {
    name: 'vanilla-rl',
    version: VERSION,
    roles: [{ role: VANILLA_ROLE, reward: { kind: 'env' }, teacher: 'action' }],
    createController: () => new VanillaController(options.historyWindow),
  };
}

export default definePlugin({
  kind: 'agent',
  name: 'vanilla-rl',
  version: VERSION,
  description: 'Flat policy on task + full history + current observation (small tfjs network; BC then offline RL).',
  optionsSchema: vanillaOptionsSchema,
  trainSchema,
  // Training replays the expert's demonstrations; a trained or untrained policy then needs nothing more.
  requires: (_options, { trains }): EnvCapability[] => (trains ? ['expert'] : []),
  create: (options: VanillaOptions, ctx) => LearningAgent.create(vanillaDefinition(options), options, ctx, networkConfig(options)),
});
