/**
 * The `agentgym` plugin's options: where the server is, which of its data indices form each split, and how
 * long and how often to try each kind of request. Defaults are filled in by the harness from the schema.
 */
import type { JsonSchema } from '../../../harness/api.ts';
import { DIALECTS, type DialectName } from './dialects.ts';
import type { IndexSpec } from './indices.ts';

/** Split names a suite may use; which data indices each holds comes from the `splits` option. */
export const SPLITS = ['train', 'seen', 'unseen', 'dev', 'test'] as const;

export interface AgentGymOptions {
  baseURL: string;
  server: DialectName;
  splits: Partial<Record<(typeof SPLITS)[number], IndexSpec>>;
  taskLabels: 'auto' | 'none';
  taskMap?: string;
  worldType: 'Text' | 'Embody' | 'Hybrid';
  createTimeoutMs: number;
  resetTimeoutMs: number;
  requestTimeoutMs: number;
  closeTimeoutMs: number;
  retries: number;
  retryBackoffMs: number;
  maxValidActions: number;
}

export const DEFAULTS: Omit<AgentGymOptions, 'baseURL' | 'server'> = {
  splits: {},
  taskLabels: 'auto',
  worldType: 'Text',
  createTimeoutMs: 45_000,
  resetTimeoutMs: 45_000,
  requestTimeoutMs: 30_000,
  closeTimeoutMs: 5_000,
  retries: 2,
  retryBackoffMs: 500,
  maxValidActions: 2_000,
};

const ms = (description: string, value: number): JsonSchema => ({ type: 'integer', minimum: 1, default: value, description });
const indexSpec: JsonSchema = {
  oneOf: [
    { type: 'string', pattern: '^\\s*\\d+(\\s*-\\s*\\d+)?(\\s*,\\s*\\d+(\\s*-\\s*\\d+)?)*\\s*$' },
    {
      type: 'array',
      minItems: 1,
      items: {
        oneOf: [
          { type: 'integer', minimum: 0 },
          { type: 'string', pattern: '^\\d+(-\\d+)?$' },
        ],
      },
    },
  ],
};

export const optionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['baseURL', 'server'],
  properties: {
    baseURL: { type: 'string', pattern: '^https?://', description: 'Where the AgentGym server listens, e.g. http://127.0.0.1:36001.' },
    server: {
      enum: [...DIALECTS],
      description: 'Which server: sciworld (agentenv-sciworld), alfworld (agentenv-alfworld), or generic (data_idx resets, reward-based success).',
    },
    splits: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(SPLITS.map((s) => [s, indexSpec])),
      default: {},
      description: 'The data indices of each split: "0-2419", "0-9, 20, 30-32", or a list. A split a suite uses must be given here.',
    },
    taskLabels: {
      enum: ['auto', 'none'],
      default: 'auto',
      description: 'auto: label sciworld episodes with their ScienceWorld task (checked on every reset). none: label every episode with the server name.',
    },
    taskMap: {
      type: 'string',
      description:
        "A JSON file of AgentGym's item mappings ([{item_id, task_type}], e.g. agentenv-alfworld/configs/mappings_test.json) to label episodes by task type.",
    },
    worldType: { enum: ['Text', 'Embody', 'Hybrid'], default: 'Text', description: 'The world_type sent with alfworld resets.' },
    createTimeoutMs: ms('Time for POST /create (sciworld starts a JVM per instance).', DEFAULTS.createTimeoutMs),
    resetTimeoutMs: ms('Time for POST /reset (loads a task or a game).', DEFAULTS.resetTimeoutMs),
    requestTimeoutMs: ms(
      "Time for a step or an actions request. Keep it below the suite's stepTimeoutMs so the plugin, not the runner, stops a stalled request.",
      DEFAULTS.requestTimeoutMs,
    ),
    closeTimeoutMs: ms('Time for POST /close.', DEFAULTS.closeTimeoutMs),
    retries: {
      type: 'integer',
      minimum: 0,
      maximum: 10,
      default: DEFAULTS.retries,
      description: 'Retries of a refused connection, and of a dropped connection or a 5xx/429 answer to a request that is safe to repeat.',
    },
    retryBackoffMs: {
      type: 'integer',
      minimum: 0,
      default: DEFAULTS.retryBackoffMs,
      description: 'Wait before the first retry; doubled for each further one.',
    },
    maxValidActions: {
      type: 'integer',
      minimum: 1,
      default: DEFAULTS.maxValidActions,
      description: "Cap on the sciworld actions expanded from the server's templates and objects.",
    },
  },
};

export function resolveOptions(options: Partial<AgentGymOptions> | undefined): AgentGymOptions {
  const merged = { ...DEFAULTS, ...(options ?? {}) } as AgentGymOptions;
  if (typeof merged.baseURL !== 'string') throw new Error('agentgym: the "baseURL" option is required');
  if (!DIALECTS.includes(merged.server)) throw new Error(`agentgym: the "server" option must be one of ${DIALECTS.join(', ')}`);
  return merged;
}
