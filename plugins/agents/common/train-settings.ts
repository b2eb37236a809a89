/**
 * The `train` block of the learning agents: every hyperparameter of the pipeline (demonstrations → behaviour
 * cloning → rollouts → offline RL → selection), with defaults sized for the quickstart budget (tens of
 * seconds per agent and env on two cores). `paperTrainSettings` is the longer budget of the paper protocol.
 */
import type { JsonSchema } from '../../../harness/api.ts';
import {
  type BehaviourCloningSettings,
  defaultBehaviourCloningSettings,
  defaultOfflineRlSettings,
  type OfflineRlSettings,
} from '../../../harness/learn/index.ts';

export interface AgentTrainSettings {
  /** Training episodes whose expert demonstrations are replayed (null: all of the training split). */
  demonstrations: number | null;
  /** Share of the demonstrations held out as a validation slice (for model selection only). */
  validationFraction: number;
  validationMax: number;
  bc: BehaviourCloningSettings & { highLevelEvery: number };
  rollouts: { episodes: number; temperature: number };
  rl: OfflineRlSettings;
  /** Keep BC or BC + offline RL, whichever scores better on the validation episodes. */
  select: boolean;
}

export const defaultTrainSettings: AgentTrainSettings = {
  demonstrations: 80,
  validationFraction: 0.1,
  validationMax: 8,
  bc: { ...defaultBehaviourCloningSettings, epochs: 5, highLevelEvery: 1 },
  rollouts: { episodes: 16, temperature: 1 },
  rl: { ...defaultOfflineRlSettings, epochs: 1 },
  select: true,
};

/** The paper-protocol budget: all demonstrations, more epochs, many more rollouts. */
export const paperTrainSettings: AgentTrainSettings = {
  demonstrations: null,
  validationFraction: 0.05,
  validationMax: 40,
  bc: { ...defaultBehaviourCloningSettings, epochs: 10, highLevelEvery: 1 },
  rollouts: { episodes: 400, temperature: 1 },
  rl: { ...defaultOfflineRlSettings, epochs: 3 },
  select: true,
};

const num = (description: string, value: number, extra: Record<string, unknown> = {}) => ({ type: 'number', description, default: value, ...extra });
const int = (description: string, value: number, extra: Record<string, unknown> = {}) => ({
  type: 'integer',
  description,
  default: value,
  minimum: 0,
  ...extra,
});

export const trainSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    demonstrations: {
      type: ['integer', 'null'],
      minimum: 1,
      default: defaultTrainSettings.demonstrations,
      description: 'Training episodes whose expert demonstrations are replayed (null: the whole training split).',
    },
    validationFraction: num('Share of the demonstrations held out for validation (model selection only).', defaultTrainSettings.validationFraction, {
      minimum: 0,
      maximum: 0.5,
    }),
    validationMax: int('At most this many validation episodes.', defaultTrainSettings.validationMax),
    bc: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Behaviour cloning on the demonstrations.',
      properties: {
        epochs: int('Passes over the largest level.', defaultTrainSettings.bc.epochs),
        batchSize: int('Samples per level per step.', defaultTrainSettings.bc.batchSize, { minimum: 1 }),
        learningRate: num('Adam learning rate.', defaultTrainSettings.bc.learningRate, { exclusiveMinimum: 0 }),
        maxCandidates: int('Candidates shown per sample (the chosen one plus sampled negatives).', defaultTrainSettings.bc.maxCandidates, { minimum: 2 }),
        gradientClip: num('Global gradient-norm clip (0: none).', defaultTrainSettings.bc.gradientClip, { minimum: 0 }),
        highLevelEvery: int('Train the high level every n-th step (the paper: 4).', defaultTrainSettings.bc.highLevelEvery, { minimum: 1 }),
      },
    },
    rollouts: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Episodes collected by the behaviour-cloned policy on the training split (the paper\'s "medium" data).',
      properties: {
        episodes: int('Rollout episodes (0: offline RL on demonstrations only).', defaultTrainSettings.rollouts.episodes),
        temperature: num('Sampling temperature of the rollouts.', defaultTrainSettings.rollouts.temperature, { minimum: 0 }),
      },
    },
    rl: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Offline RL per level on demonstrations plus rollouts.',
      properties: {
        epochs: int('Passes over the largest level (0: skip offline RL).', defaultTrainSettings.rl.epochs),
        batchSize: int('Transitions per level per step.', defaultTrainSettings.rl.batchSize, { minimum: 1 }),
        actorLearningRate: num('Adam learning rate of the policy.', defaultTrainSettings.rl.actorLearningRate, { exclusiveMinimum: 0 }),
        criticLearningRate: num('Adam learning rate of the V and Q heads.', defaultTrainSettings.rl.criticLearningRate, { exclusiveMinimum: 0 }),
        gamma: num('Discount γ.', defaultTrainSettings.rl.gamma, { minimum: 0, maximum: 1 }),
        polyak: num('Polyak rate of the target heads (θ̄ ← (1−ρ)θ̄ + ρθ).', defaultTrainSettings.rl.polyak, { minimum: 0, maximum: 1 }),
        expectile: num('Expectile τ of the V regression, IQL notation (the reference code uses 0.05, a conservative V).', defaultTrainSettings.rl.expectile, {
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
        }),
        advantage: {
          type: 'string',
          enum: ['exp', 'linear'],
          default: defaultTrainSettings.rl.advantage.kind,
          description: 'exp: w = min(exp(A/β), clip); linear: w = A (the reference code).',
        },
        beta: num('Temperature β of the exponential advantage weights.', defaultTrainSettings.rl.advantage.beta, { exclusiveMinimum: 0 }),
        weightClip: num('Upper clip of the exponential advantage weights.', defaultTrainSettings.rl.advantage.clip, { exclusiveMinimum: 0 }),
        normalizeWeights: { type: 'boolean', default: defaultTrainSettings.rl.advantage.normalize, description: 'Divide the weights by their batch mean.' },
        warmupSteps: int('Critic-only steps before the policy learns (at most a quarter of all offline-RL steps).', defaultTrainSettings.rl.warmupSteps),
        maxCandidates: int('Candidates shown per transition.', defaultTrainSettings.rl.maxCandidates, { minimum: 2 }),
        gradientClip: num('Global gradient-norm clip (0: none).', defaultTrainSettings.rl.gradientClip, { minimum: 0 }),
        criticHidden: int('Hidden width of the V and Q heads.', defaultTrainSettings.rl.criticHidden, { minimum: 1 }),
      },
    },
    select: {
      type: 'boolean',
      default: defaultTrainSettings.select,
      description: 'Keep BC or BC + offline RL, whichever scores better on the validation episodes.',
    },
  },
};

type Raw = Record<string, unknown>;

/** Merges a suite's `train` block (possibly partial, possibly with the harness's own keys) over the defaults. */
export function resolveTrainSettings(raw: Raw = {}, base: AgentTrainSettings = defaultTrainSettings): AgentTrainSettings {
  const bc = (raw.bc ?? {}) as Raw;
  const rollouts = (raw.rollouts ?? {}) as Raw;
  const rl = (raw.rl ?? {}) as Raw;
  const pick = <T>(value: unknown, fallback: T): T => (value === undefined ? fallback : (value as T));
  return {
    demonstrations: pick(raw.demonstrations, base.demonstrations),
    validationFraction: pick(raw.validationFraction, base.validationFraction),
    validationMax: pick(raw.validationMax, base.validationMax),
    bc: {
      epochs: pick(bc.epochs, base.bc.epochs),
      batchSize: pick(bc.batchSize, base.bc.batchSize),
      learningRate: pick(bc.learningRate, base.bc.learningRate),
      maxCandidates: pick(bc.maxCandidates, base.bc.maxCandidates),
      gradientClip: pick(bc.gradientClip, base.bc.gradientClip),
      highLevelEvery: pick(bc.highLevelEvery, base.bc.highLevelEvery),
    },
    rollouts: {
      episodes: pick(rollouts.episodes, base.rollouts.episodes),
      temperature: pick(rollouts.temperature, base.rollouts.temperature),
    },
    rl: {
      epochs: pick(rl.epochs, base.rl.epochs),
      batchSize: pick(rl.batchSize, base.rl.batchSize),
      actorLearningRate: pick(rl.actorLearningRate, base.rl.actorLearningRate),
      criticLearningRate: pick(rl.criticLearningRate, base.rl.criticLearningRate),
      gamma: pick(rl.gamma, base.rl.gamma),
      polyak: pick(rl.polyak, base.rl.polyak),
      expectile: pick(rl.expectile, base.rl.expectile),
      advantage: {
        kind: pick(rl.advantage, base.rl.advantage.kind),
        beta: pick(rl.beta, base.rl.advantage.beta),
        clip: pick(rl.weightClip, base.rl.advantage.clip),
        normalize: pick(rl.normalizeWeights, base.rl.advantage.normalize),
      },
      warmupSteps: pick(rl.warmupSteps, base.rl.warmupSteps),
      maxCandidates: pick(rl.maxCandidates, base.rl.maxCandidates),
      gradientClip: pick(rl.gradientClip, base.rl.gradientClip),
      criticHidden: pick(rl.criticHidden, base.rl.criticHidden),
    },
    select: pick(raw.select, base.select),
  };
}
