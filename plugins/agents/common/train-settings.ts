/**
 * The `train` block of the learning agents: every setting of the pipeline (demonstrations → behaviour cloning
 * → rollouts → offline RL → selection), declared once, here. The schema gives each setting's type
 * (`FromSchema`), meaning and default, and the harness's validator fills the defaults in; `harness list <agent>`
 * prints it. The `bc` and `rl` blocks have the learning kit's own shapes, so they reach its trainers as
 * they are.
 *
 * A few settings follow a named **profile** instead of a fixed default — the choices on which the STEP-HRL
 * paper's code and IQL differ (`PROFILES`); a value written in the suite overrides its profile.
 */
import type { FromSchema } from 'json-schema-to-ts';
import type { BehaviourCloningSettings, OfflineRlSettings } from '../../../harness/learn/index.ts';

const num = <D extends string, V extends number>(description: D, value: V) => ({ type: 'number', description, default: value }) as const;
const int = <D extends string, V extends number>(description: D, value: V) => ({ type: 'integer', description, default: value, minimum: 0 }) as const;

export const trainSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    profile: {
      type: 'string',
      enum: ['iql', 'reference'],
      default: 'iql',
      description:
        "Defaults of the settings the STEP-HRL code and IQL choose differently (rl.expectile, rl.advantage.kind, rl.warmupSteps, bc.highLevelEvery): 'iql' (0.7, exp, 100, 1) or 'reference', the paper's code (0.05, linear, 50, 4).",
    },
    demonstrations: {
      type: ['integer', 'null'],
      minimum: 1,
      default: 80,
      description: 'Training episodes whose expert demonstrations are replayed (null: the whole training split).',
    },
    validationFraction: {
      type: 'number',
      minimum: 0,
      maximum: 0.5,
      default: 0.1,
      description: 'Share of the demonstrations held out for validation (model selection and design choices only).',
    },
    validationMax: int('At most this many validation episodes.', 8),
    bc: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Behaviour cloning on the demonstrations.',
      properties: {
        epochs: int('Passes over the largest level.', 5),
        batchSize: { ...int('Samples per level per step.', 32), minimum: 1 },
        learningRate: { ...num('Adam learning rate.', 1e-3), exclusiveMinimum: 0 },
        maxCandidates: { ...int('Candidates shown per sample (the chosen one plus sampled negatives).', 16), minimum: 2 },
        gradientClip: { ...num('Global gradient-norm clip (0: none).', 1), minimum: 0 },
        highLevelEvery: { type: 'integer', minimum: 1, description: 'Train the high level every n-th step (by profile: iql 1, reference 4).' },
        engine: { type: 'string', enum: ['fused', 'tfjs'], default: 'fused', description: 'How steps are computed: the fused kernels, or the tfjs reference.' },
      },
    },
    rollouts: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Episodes collected by the behaviour-cloned policy on the training split (the paper\'s "medium" data).',
      properties: {
        episodes: int('Rollout episodes (0: offline RL on demonstrations only).', 16),
        temperature: { ...num('Sampling temperature of the rollouts.', 1), minimum: 0 },
      },
    },
    rl: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Offline RL per level on demonstrations plus rollouts.',
      properties: {
        epochs: int('Passes over the largest level (0: skip offline RL).', 1),
        batchSize: { ...int('Transitions per level per step.', 32), minimum: 1 },
        actorLearningRate: { ...num('Adam learning rate of the policy.', 3e-4), exclusiveMinimum: 0 },
        criticLearningRate: { ...num('Adam learning rate of the V and Q heads.', 1e-3), exclusiveMinimum: 0 },
        gamma: { ...num('Discount γ.', 0.99), minimum: 0, maximum: 1 },
        polyak: { ...num('Polyak rate of the target heads (θ̄ ← (1−ρ)θ̄ + ρθ; the reference code: 0.2).', 0.2), minimum: 0, maximum: 1 },
        expectile: {
          type: 'number',
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
          description: 'Expectile τ of the V regression, IQL notation (by profile: iql 0.7; reference 0.05, a conservative V).',
        },
        advantage: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: 'How advantages weight the policy loss.',
          properties: {
            kind: {
              type: 'string',
              enum: ['exp', 'linear'],
              description: 'exp: w = min(exp(A/β), clip); linear: w = A (by profile: iql exp, reference linear).',
            },
            beta: { ...num('Temperature β of the exponential weights.', 0.2), exclusiveMinimum: 0 },
            clip: { ...num('Upper clip of the exponential weights.', 20), exclusiveMinimum: 0 },
            normalize: { type: 'boolean', default: true, description: 'Divide the exponential weights by their batch mean.' },
          },
        },
        warmupSteps: {
          type: 'integer',
          minimum: 0,
          description: 'Critic-only steps before the policy learns, at most a quarter of all steps (by profile: iql 100, reference 50).',
        },
        maxCandidates: { ...int('Candidates shown per transition.', 16), minimum: 2 },
        gradientClip: { ...num('Global gradient-norm clip (0: none).', 1), minimum: 0 },
        criticHidden: { ...int('Hidden width of the V and Q heads.', 128), minimum: 1 },
        engine: { type: 'string', enum: ['fused', 'tfjs'], default: 'fused', description: 'How steps are computed: the fused kernels, or the tfjs reference.' },
      },
    },
    select: {
      type: 'boolean',
      default: true,
      description:
        'Keep BC or BC + offline RL, whichever has the higher mean score on the validation episodes (a failed task counted as 0, as the reports count it).',
    },
  },
} as const;

/** A `train` block as the harness's validator gives it (defaults filled in; profile settings may be absent). */
export type TrainBlock = FromSchema<typeof trainSchema>;
export type TrainProfile = TrainBlock['profile'];

/**
 * The settings each profile gives when the suite leaves them out. `iql`: IQL's expectile and exponential
 * advantage weights (the defaults that trained best at this project's small budgets); `reference`: the
 * STEP-HRL code's (`alg/step_rl.py`, `alg/step_bc.py`; see docs/reference-departures.md): expectile 0.05 in
 * IQL's notation (its `weight_tau` 0.95), an actor loss linear in the advantage, a 100-micro-batch warm-up
 * (50 optimizer steps) and the high level's behaviour-cloning loss on every fourth step.
 */
export const PROFILES: Record<TrainProfile, { expectile: number; advantage: 'exp' | 'linear'; warmupSteps: number; highLevelEvery: number }> = {
  iql: { expectile: 0.7, advantage: 'exp', warmupSteps: 100, highLevelEvery: 1 },
  reference: { expectile: 0.05, advantage: 'linear', warmupSteps: 50, highLevelEvery: 4 },
};

/** Everything the pipeline needs, profile applied: the kit's trainer settings as they are. */
export interface AgentTrainSettings extends Omit<TrainBlock, 'bc' | 'rl'> {
  bc: BehaviourCloningSettings & { highLevelEvery: number };
  rl: OfflineRlSettings;
}

/** A validated `train` block with its profile's settings filled in where the suite left them out. */
export function withProfile(block: TrainBlock): AgentTrainSettings {
  const profile = PROFILES[block.profile];
  return {
    ...block,
    bc: { ...block.bc, highLevelEvery: block.bc.highLevelEvery ?? profile.highLevelEvery },
    rl: {
      ...block.rl,
      expectile: block.rl.expectile ?? profile.expectile,
      warmupSteps: block.rl.warmupSteps ?? profile.warmupSteps,
      advantage: { ...block.rl.advantage, kind: block.rl.advantage.kind ?? profile.advantage },
    },
  };
}
