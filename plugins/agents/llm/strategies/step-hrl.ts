/**
 * STEP-HRL: every policy reads an augmented single-step transition instead of a history.
 *
 *   progress  subtask, previous local progress, action, resulting observation → new local progress
 *   high      task, completed subtasks, last subtask's final local progress, current observation → subtask
 *   low       subtask, current observation, local progress → `<action>; <True|False>`
 *
 * As in the paper's loop (and the trained `step-hrl` agent): the local progress restarts at "None" with each
 * subtask and is rewritten after every step but the one that ends the episode (no decision follows it); the
 * progress a subtask ends with is what the next high-level call reads. A progress is kept within
 * `progressTokens` tokens of the suite's tokenizer.
 */
import type { Decision, PolicyCall, StepView } from '../../../../harness/api.ts';
import { formatObservation, NO_PROGRESS, observationText, progressPrompt, stepHighPrompt, stepLowPrompt } from '../../common/prompts.ts';
import { ANSWER_FORMATS } from '../chat-prompt.ts';
import { oneLine } from '../parse.ts';
import { truncateToTokens } from '../truncate.ts';
import { askHighLevel, askLowLevel, type Note, noteProblem, type StrategyContext, type StrategyEpisode } from './shared.ts';

export const HIGH_ROLE = 'high';
export const LOW_ROLE = 'low';
export const PROGRESS_ROLE = 'progress';

export class StepHrlEpisode implements StrategyEpisode {
  private subtask: string | null = null;
  private finished = true;
  private readonly completed: string[] = [];
  private progress = NO_PROGRESS;
  private lastProgress = NO_PROGRESS;
  private lastAction: string | null = null;

  constructor(private readonly ctx: StrategyContext) {}

  async act(view: StepView): Promise<Decision> {
    const { options, ask } = this.ctx;
    const current = observationText(view.observation, view.info);
    const note: Note = {};
    const calls: PolicyCall[] = [];

    if (this.lastAction !== null) {
      const goal = this.subtask ?? view.task;
      const update = await ask({
        role: PROGRESS_ROLE,
        step: view.step,
        builderParts: progressPrompt({
          subtask: goal,
          scope: 'subtask',
          previous: this.progress,
          action: this.lastAction,
          observation: options.progressObservation === 'full' ? formatObservation(current) : view.observation,
        }),
        format: ANSWER_FORMATS.progress,
        options: null,
        maxTokens: options.progressTokens,
        // A dry run has no model to write progress: the previous one stands.
        placeholder: this.progress,
      });
      noteProblem(note, update);
      this.progress = this.bound(update.text);
      calls.push(update.call);
    }

    let subtask = this.subtask;
    if (this.finished || subtask === null) {
      if (subtask !== null) {
        this.completed.push(subtask);
        this.lastProgress = this.progress;
      }
      const highPrompt = stepHighPrompt({ task: view.task, completedSubtasks: this.completed, lastProgress: this.lastProgress, current });
      subtask = this.subtask = await askHighLevel(this.ctx, view, HIGH_ROLE, highPrompt, note, calls);
      this.progress = NO_PROGRESS;
    }

    const { action, finished } = await askLowLevel(this.ctx, view, LOW_ROLE, stepLowPrompt({ subtask, current, progress: this.progress }), note, calls);
    this.finished = finished;
    this.lastAction = action;
    return { action, calls, note: { subtask, subtaskFinished: this.finished, progress: this.progress, ...note } };
  }

  private bound(text: string): string {
    return keptProgress(text, this.ctx.options.progressTokens, (t) => this.ctx.countTokens(t));
  }
}

/** A progress as the agent keeps it: one line within the token bound; an empty answer leaves no progress. */
export function keptProgress(text: string, limit: number, countTokens: (text: string) => number): string {
  const line = oneLine(text);
  return line === '' ? NO_PROGRESS : truncateToTokens(line, limit, countTokens);
}
