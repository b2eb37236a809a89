/**
 * `step-hrl`: policies on augmented single-step transitions (STEP-HRL). The high level reads the task, the
 * completed subtasks, the last subtask's final local progress and the current observation; the low level
 * reads the subtask, the current observation and the local progress; a progress module keeps the local
 * progress (bounded, reset per subtask), choosing among candidate updates learned from the env's labels
 * (`progress-candidates.ts`). Ablations: `localProgress: false`, `hierarchy: false`.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { type AgentContext, definePlugin, type EnvCapability } from '../../../harness/api.ts';
import type { LoggedEpisode, RecordedDemonstration } from '../../../harness/learn/index.ts';
import { type AgentDefinition, LearningAgent, networkConfig, networkOptionsSchema, type RoleSpec } from '../common/learning-agent.ts';
import { SubtaskSource, subtaskOptionsSchema } from '../common/subtask-source.ts';
import { trainSchema } from '../common/train-settings.ts';
import { FLAT_ROLE, HIGH_ROLE, LOW_ROLE, PROGRESS_ROLE, StepHrlController, type StepHrlVariant } from './controller.ts';
import { boundProgress, ProgressBank, type ProgressBankData, type ProgressContext, withoutEmptyList } from './progress-candidates.ts';

export const VERSION = '1.0.0';

export const stepHrlOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...networkOptionsSchema,
    localProgress: { type: 'boolean', default: true, description: 'Keep a local progress (false: the "w/o local progress" ablation).' },
    hierarchy: { type: 'boolean', default: true, description: 'Use high and low levels (false: the "w/o hierarchy" ablation).' },
    progressObservation: {
      type: 'string',
      enum: ['feedback', 'full'],
      default: 'feedback',
      description: "What the progress module reads as the resulting observation: the action's feedback, or with room and inventory.",
    },
    maxProgressTokens: { type: 'integer', minimum: 4, default: 64, description: 'Upper bound of a local progress in tokens of the suite tokenizer.' },
    maxProgressTemplates: { type: 'integer', minimum: 1, default: 64, description: 'Progress templates kept per subtask kind.' },
    progressItems: {
      type: 'string',
      enum: ['full', 'compact'],
      default: 'full',
      description: 'How a bounded progress writes its list: items in full (shelf 1, shelf 2), or compactly first (shelf 1, 2).',
    },
    ...subtaskOptionsSchema,
  },
} as const;

export type StepHrlOptions = FromSchema<typeof stepHrlOptionsSchema>;

export function stepHrlRoles(variant: StepHrlVariant): RoleSpec[] {
  const action = variant.hierarchy ? LOW_ROLE : FLAT_ROLE;
  const roles: RoleSpec[] = variant.hierarchy
    ? [
        { role: HIGH_ROLE, reward: { kind: 'subtask-return' }, teacher: 'subtask' },
        { role: LOW_ROLE, reward: { kind: 'subtask-completion' }, teacher: 'action+flag' },
      ]
    : [{ role: FLAT_ROLE, reward: { kind: 'env' }, teacher: 'action' }];
  if (variant.localProgress) roles.push({ role: PROGRESS_ROLE, reward: { kind: 'progress', of: action }, teacher: 'progress' });
  return roles;
}

export function stepHrlDefinition(o: StepHrlOptions, countTokens: (text: string) => number): AgentDefinition {
  const subtasks = new SubtaskSource(o);
  const tokenCache = new Map<string, number>();
  const count = (text: string) => {
    let n = tokenCache.get(text);
    if (n === undefined) {
      n = countTokens(text);
      if (tokenCache.size > 50000) tokenCache.clear();
      tokenCache.set(text, n);
    }
    return n;
  };
  let bank = ProgressBank.learn([], o.maxProgressTemplates);
  // While templates are being learned, the proposer records the contexts it is asked about.
  let recording: ProgressContext[] | null = null;
  const propose = (context: ProgressContext): string[] => {
    if (recording) {
      recording.push(context);
      return [];
    }
    return bank.candidates(context, o.maxProgressTokens, count, o.progressItems);
  };
  return {
    name: 'step-hrl',
    version: VERSION,
    roles: stepHrlRoles(o),
    createController: () => new StepHrlController(o, propose, (view) => subtasks.candidates(view, 'step-hrl')),
    subtasks,
    async prepare(demos: RecordedDemonstration[], teacherForce: (demo: RecordedDemonstration) => Promise<LoggedEpisode>): Promise<Record<string, number>> {
      if (!o.localProgress) return {};
      const examples: { context: ProgressContext; label: string }[] = [];
      for (const demo of demos) {
        recording = [];
        const log = await teacherForce(demo);
        const labels = log.steps.flatMap((s) => s.decisions.filter((d) => d.role === PROGRESS_ROLE).map((d) => d.text));
        recording.forEach((context, i) => examples.push({ context, label: labels[i] }));
      }
      recording = null;
      bank = ProgressBank.learn(examples, o.maxProgressTemplates);
      const covered = examples.filter((e) => bank.candidates(e.context, o.maxProgressTokens, count, o.progressItems).includes(e.label)).length;
      return { progressTemplates: bank.templateCount, progressLabels: examples.length, progressCoverage: examples.length ? covered / examples.length : 1 };
    },
    teacherProgress: (label) => boundProgress(withoutEmptyList(label), o.maxProgressTokens, count, o.progressItems),
    saveState: () => ({ progressBank: bank.toJSON() }),
    loadState: (state) => {
      const data = (state as { progressBank?: ProgressBankData } | null)?.progressBank;
      if (data) bank = ProgressBank.fromJSON(data);
    },
  };
}

export default definePlugin({
  kind: 'agent',
  name: 'step-hrl',
  version: VERSION,
  description: 'STEP-HRL: high/low/progress policies on augmented step-level transitions (small tfjs network; BC then offline RL).',
  optionsSchema: stepHrlOptionsSchema,
  trainSchema,
  requires: (options: StepHrlOptions, { trains }): EnvCapability[] => [
    ...(trains ? (['expert'] as const) : []),
    // The levels imitate the expert's subtasks, and the progress module its progress labels.
    ...(trains && options.hierarchy ? (['subtasks'] as const) : []),
    ...(trains && options.localProgress ? (['progressLabels'] as const) : []),
    ...(options.hierarchy && options.subtaskProposals === 'env' ? (['candidateSubtasks'] as const) : []),
  ],
  caveats: (options: StepHrlOptions) =>
    options.hierarchy && options.subtaskProposals === 'env'
      ? [
          "The high level chooses among the env's candidate subtasks (subtaskProposals: env), which an env may build from what the player cannot see: not a fair comparison with agents that propose their own.",
        ]
      : [],
  create: (options: StepHrlOptions, ctx: AgentContext) =>
    LearningAgent.create(stepHrlDefinition(options, ctx.countTokens), options, ctx, networkConfig(options)),
});
