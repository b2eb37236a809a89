/**
 * The `llm` agent's options: one JSON Schema (what a suite may write, with the defaults the harness fills
 * in) and the matching type. The defaults are read from the schema, so the two cannot drift apart.
 */
import { type JsonSchema, withDefaults } from '../../../harness/api.ts';

export type Strategy = 'vanilla' | 'hrl' | 'step-hrl';

export interface LlmOptions {
  strategy: Strategy;
  baseURL: string;
  model: string;
  /** The NAME of the environment variable holding the API key; absent for a keyless server. */
  apiKeyEnv?: string;
  temperature: number;
  maxTokens: number;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  progressTokens: number;
  timeoutMs: number;
  retries: number;
  concurrency: number;
  mapToValidAction: boolean;
  mapToCandidateSubtask: boolean;
  listValidActions: number;
  listCandidateSubtasks: boolean;
  historyWindow: number;
  progressObservation: 'feedback' | 'full';
  systemMessage: boolean;
  sendSeed: boolean;
  extraBody: Record<string, unknown>;
}

export const optionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['model'],
  properties: {
    strategy: {
      description: 'Conditioning scheme: the whole history (vanilla), subtasks over the history (hrl), or augmented step-level transitions (step-hrl).',
      enum: ['vanilla', 'hrl', 'step-hrl'],
      default: 'step-hrl',
    },
    baseURL: {
      description: 'Base URL of an OpenAI-compatible API, up to and including /v1.',
      type: 'string',
      pattern: '^https?://[^\\s/]+',
      default: 'http://127.0.0.1:8000/v1',
    },
    model: { description: 'Model name as the server knows it.', type: 'string', minLength: 1 },
    apiKeyEnv: {
      description: 'Name of the environment variable that holds the API key (never the key itself). Omit for a keyless server.',
      type: 'string',
      pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
    },
    temperature: { description: 'Sampling temperature; 0 is greedy, as in the paper.', type: 'number', minimum: 0, maximum: 2, default: 0 },
    maxTokens: { description: 'Completion limit for action, subtask and flat-policy calls.', type: 'integer', minimum: 1, default: 32 },
    maxTokensField: {
      description: 'Request field that carries the limit (some hosted models only accept max_completion_tokens).',
      enum: ['max_tokens', 'max_completion_tokens'],
      default: 'max_tokens',
    },
    progressTokens: {
      description: "step-hrl: bound of a local progress, in the suite tokenizer's tokens (also sent as the call's completion limit).",
      type: 'integer',
      minimum: 1,
      default: 64,
    },
    timeoutMs: { description: 'Time allowed for one request.', type: 'integer', minimum: 1, default: 30000 },
    retries: {
      description: 'Extra attempts after a 408/409/429/5xx, a timeout, a dropped connection or a reply that is not JSON.',
      type: 'integer',
      minimum: 0,
      default: 3,
    },
    concurrency: {
      description: 'Most requests in flight at once to one server from one thread (each worker thread has its own limit).',
      type: 'integer',
      minimum: 1,
      default: 4,
    },
    mapToValidAction: { description: 'Replace an action that is not a valid action by the closest valid one.', type: 'boolean', default: false },
    mapToCandidateSubtask: { description: "Replace a subtask by the closest of the env's candidate subtasks.", type: 'boolean', default: false },
    listValidActions: {
      description: 'List at most this many valid actions in action prompts (0 lists none).',
      type: 'integer',
      minimum: 0,
      default: 100,
    },
    listCandidateSubtasks: {
      description: "List the env's candidate subtasks in subtask prompts (they may use what the player cannot see: not a fair comparison).",
      type: 'boolean',
      default: false,
    },
    historyWindow: {
      description: 'vanilla and hrl: keep only the last N steps of history in prompts (0 keeps all, as the paper).',
      type: 'integer',
      minimum: 0,
      default: 0,
    },
    progressObservation: {
      description: "step-hrl: the progress call reads the action's feedback, or the feedback with room and inventory.",
      enum: ['feedback', 'full'],
      default: 'feedback',
    },
    systemMessage: {
      description: 'Send the instructions as a system message; false puts everything in one user message (for chat templates without a system role).',
      type: 'boolean',
      default: true,
    },
    sendSeed: { description: 'Send a per-call seed derived from the episode seed, so sampling servers can repeat a run.', type: 'boolean', default: true },
    extraBody: {
      description: 'Extra fields merged into every request body (e.g. top_p, or server-specific settings).',
      type: 'object',
      default: {},
    },
  },
};

/** The options with defaults filled in (the harness does this already; direct callers rely on it). */
export function resolveOptions(options: Partial<LlmOptions> & { model: string }): LlmOptions {
  return withDefaults<LlmOptions>(optionsSchema, options);
}
