/**
 * Where the high level of `hrl` and `step-hrl` gets its candidate subtasks: by default its own proposals
 * (`subtask-proposals.ts`, learned on the training split), or, when a suite asks with
 * `subtaskProposals: env`, the env's `candidateSubtasks()` — lists an env may build from what the player
 * cannot see, so a run that uses them is not a fair comparison with agents that generate their own.
 */
import type { FromSchema } from 'json-schema-to-ts';
import type { StepView } from '../../../harness/api.ts';
import type { RecordedDemonstration } from '../../../harness/learn/index.ts';
import { formatObservation, observationText } from './prompts.ts';
import { defaultProposerLimits, type ProposalContext, SubtaskProposer, type SubtaskProposerData } from './subtask-proposals.ts';

export const subtaskOptionsSchema = {
  subtaskProposals: {
    type: 'string',
    enum: ['own', 'env'],
    default: 'own',
    description:
      "Where candidate subtasks come from: 'own' — proposals learned from the training split's expert subtasks, grounded in the task, the observation and the valid actions; 'env' — the env's candidateSubtasks() (they may use what the player cannot see: not a fair comparison).",
  },
  maxSubtaskProposals: {
    type: 'integer',
    minimum: 1,
    default: defaultProposerLimits.maxProposals,
    description: 'Most candidate subtasks proposed at one decision.',
  },
} as const;

export type SubtaskOptions = FromSchema<{ type: 'object'; properties: typeof subtaskOptionsSchema }>;
export type SubtaskProposals = SubtaskOptions['subtaskProposals'];

/** What the player reads at a view, as the proposer takes it. */
export function proposalContext(view: Pick<StepView, 'task' | 'observation' | 'info' | 'validActions'>): ProposalContext {
  return { task: view.task, observation: formatObservation(observationText(view.observation, view.info)), validActions: view.validActions };
}

export class SubtaskSource {
  private proposer: SubtaskProposer | null = null;

  constructor(private readonly options: SubtaskOptions) {}

  get mode(): SubtaskProposals {
    return this.options.subtaskProposals;
  }

  /**
   * The candidate subtasks at a view (a controller's high level asks where a subtask starts). Where the
   * proposer has nothing to offer — untrained (a dry run), or no template it learned fits what is in view —
   * the task itself is the one candidate: the hierarchy degrades to a single subtask, never to an error.
   */
  async candidates(view: StepView, agent: string): Promise<string[]> {
    if (this.mode === 'env') {
      const candidates = await view.candidateSubtasks();
      if (candidates.length === 0)
        throw new Error(`the ${agent} agent was asked to use the env's candidate subtasks (subtaskProposals: env), and this env offers none`);
      return candidates;
    }
    const proposals = this.proposed(view);
    return proposals.length > 0 ? proposals : [view.task];
  }

  /**
   * A view's proposals, kept per valid-action list and observation: training replays each demonstration
   * through the controller more than once (progress templates, then imitation data), and a recorded step's
   * list is the same object each time; a live episode's are mostly new, and an env that hands back one list
   * for one state still gets proposals for what it shows now (the observation is part of the key).
   */
  private memo = new WeakMap<readonly string[], Map<string, string[]>>();
  private proposed(view: StepView): string[] {
    if (!this.proposer) return [];
    const context = proposalContext(view);
    let byText = this.memo.get(view.validActions);
    if (!byText) this.memo.set(view.validActions, (byText = new Map()));
    const key = `${context.task}\u0000${context.observation}`;
    let proposals = byText.get(key);
    if (!proposals) byText.set(key, (proposals = this.proposer.propose(context)));
    return proposals;
  }

  /** Learns the proposer from demonstrations (nothing to learn with the env's lists). */
  learn(demos: RecordedDemonstration[]): Record<string, number> {
    if (this.mode === 'env') return {};
    this.memo = new WeakMap();
    this.proposer = SubtaskProposer.learn(
      demos.flatMap((demo) =>
        demo.steps.filter((s) => s.firstInSubtask).map((s) => ({ context: proposalContext({ ...s, task: demo.task }), subtask: s.subtask })),
      ),
      { ...defaultProposerLimits, maxProposals: this.options.maxSubtaskProposals },
    );
    return { subtaskTemplates: this.proposer.templateCount };
  }

  /** The share of the demonstrations' subtasks among the proposals where each starts (1 with the env's lists, which hold them). */
  coverage(demos: RecordedDemonstration[]): number | null {
    if (!this.proposer) return null;
    const starts = demos.flatMap((demo) => demo.steps.filter((s) => s.firstInSubtask).map((s) => ({ demo, s })));
    if (starts.length === 0) return null;
    const covered = starts.filter(({ demo, s }) => this.proposer!.propose(proposalContext({ ...s, task: demo.task })).includes(s.subtask)).length;
    return covered / starts.length;
  }

  toJSON(): { proposer: SubtaskProposerData | null } {
    return { proposer: this.proposer?.toJSON() ?? null };
  }

  load(state: { proposer?: SubtaskProposerData | null } | null | undefined): void {
    const data = state?.proposer;
    this.memo = new WeakMap();
    this.proposer = data ? SubtaskProposer.fromJSON(data, { ...defaultProposerLimits, maxProposals: this.options.maxSubtaskProposals }) : null;
  }
}
