/**
 * STEP-HRL: policies conditioned on augmented single-step transitions instead of histories.
 *
 *   high      task, completed subtasks (global progress), last subtask's final local progress, current observation
 *   low       subtask, current observation, local progress → action and "subtask finished"
 *   progress  subtask, previous local progress, action, resulting observation → new local progress
 *
 * The local progress starts as "None" with every subtask and is updated after every step (not after the
 * step that ends the episode: no decision follows it). Ablations: `localProgress: false` drops the progress
 * module and its fields; `hierarchy: false` uses one policy on task, current observation and progress, whose
 * progress spans the whole episode.
 */
import type { StepView } from '../../../harness/api.ts';
import type { Chooser } from '../../../harness/learn/index.ts';
import { type Controller, type ControllerStep, decide } from '../common/controller.ts';
import {
  formatObservation,
  lowCompletion,
  NO_PROGRESS,
  observationText,
  progressPrompt,
  stepFlatPrompt,
  stepHighPrompt,
  stepLowPrompt,
} from '../common/prompts.ts';
import type { ProgressContext } from './progress-candidates.ts';

export const HIGH_ROLE = 'high';
export const LOW_ROLE = 'low';
export const PROGRESS_ROLE = 'progress';
/** The single action policy of the no-hierarchy ablation. */
export const FLAT_ROLE = 'policy';

export interface StepHrlVariant {
  localProgress: boolean;
  hierarchy: boolean;
  /** What the progress module reads as the resulting observation: the action's feedback, or it with room and inventory. */
  progressObservation: 'feedback' | 'full';
}

/** Proposes candidate progress updates (bounded) for a context. */
export type ProgressProposer = (ctx: ProgressContext) => string[];

export class StepHrlController implements Controller {
  private task = '';
  private subtask: string | null = null;
  private finished = true;
  private completed: string[] = [];
  private progress = NO_PROGRESS;
  private lastProgress = NO_PROGRESS;
  private lastAction: string | null = null;

  constructor(
    private readonly variant: StepHrlVariant,
    private readonly propose: ProgressProposer,
    private readonly subtaskCandidates: (view: StepView) => Promise<string[]>,
  ) {}

  reset(task: string): void {
    this.task = task;
    this.subtask = null;
    this.finished = true;
    this.completed = [];
    this.progress = NO_PROGRESS;
    this.lastProgress = NO_PROGRESS;
    this.lastAction = null;
  }

  async act(view: StepView, choose: Chooser): Promise<ControllerStep> {
    const current = observationText(view.observation, view.info);
    const calls = [];
    const { localProgress, hierarchy } = this.variant;

    if (localProgress && this.lastAction !== null) {
      const goal = hierarchy ? (this.subtask ?? this.task) : this.task;
      const resulting = this.variant.progressObservation === 'full' ? formatObservation(current) : view.observation;
      const context: ProgressContext = { subtask: goal, previous: this.progress, action: this.lastAction, observation: resulting };
      const update = decide(choose, {
        role: PROGRESS_ROLE,
        step: view.step,
        parts: progressPrompt({
          subtask: goal,
          scope: hierarchy ? 'subtask' : 'task',
          previous: this.progress,
          action: this.lastAction,
          observation: resulting,
        }),
        candidates: this.propose(context),
      });
      this.progress = update.choice.text;
      calls.push(update.call);
    }

    let action: string;
    if (hierarchy) {
      if (this.finished || this.subtask === null) {
        if (this.subtask !== null) {
          this.completed.push(this.subtask);
          this.lastProgress = this.progress;
        }
        const candidates = await this.subtaskCandidates(view);
        const high = decide(choose, {
          role: HIGH_ROLE,
          step: view.step,
          parts: stepHighPrompt({
            task: this.task,
            completedSubtasks: this.completed,
            lastProgress: localProgress ? this.lastProgress : null,
            current,
          }),
          candidates,
        });
        this.subtask = high.choice.text;
        this.progress = NO_PROGRESS;
        calls.push(high.call);
      }
      const low = decide(
        choose,
        {
          role: LOW_ROLE,
          step: view.step,
          parts: stepLowPrompt({ subtask: this.subtask, current, progress: localProgress ? this.progress : null }),
          candidates: view.validActions,
          withFlag: true,
        },
        (c) => lowCompletion(c.text, Boolean(c.flag)),
      );
      calls.push(low.call);
      this.finished = Boolean(low.choice.flag);
      action = low.choice.text;
    } else {
      const flat = decide(choose, {
        role: FLAT_ROLE,
        step: view.step,
        parts: stepFlatPrompt({ task: this.task, current, progress: localProgress ? this.progress : null }),
        candidates: view.validActions,
      });
      calls.push(flat.call);
      action = flat.choice.text;
    }
    this.lastAction = action;
    const note: Record<string, string | number | boolean> = {};
    if (hierarchy && this.subtask !== null) {
      note.subtask = this.subtask;
      note.subtaskFinished = this.finished;
    }
    if (localProgress) note.progress = this.progress;
    return { action, calls, note };
  }
}
