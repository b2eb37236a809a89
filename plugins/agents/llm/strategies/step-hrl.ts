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
import type { Decision, StepView } from '../../../../harness/api.ts';
import { NO_PROGRESS, formatObservation, observationText, progressPrompt, stepHighPrompt, stepLowPrompt } from '../../common/prompts.ts';
import { ANSWER_FORMATS, candidateSubtasksPart } from '../chat-prompt.ts';
import { firstLine, INVALID_ACTION, oneLine } from '../parse.ts';
import { truncateToTokens } from '../truncate.ts';
import { askLowLevel, noteProblem, resolveSubtask, type Note, type StrategyContext, type StrategyEpisode } from './shared.ts';

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
    const calls = [];

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

    if (this.finished || this.subtask === null) {
      if (this.subtask !== null) {
        this.completed.push(this.subtask);
        this.lastProgress = this.progress;
      }
      const candidates = await view.candidateSubtasks();
      const high = await ask({
        role: HIGH_ROLE,
        step: view.step,
        builderParts: stepHighPrompt({ task: view.task, completedSubtasks: this.completed, lastProgress: this.lastProgress, current }),
        format: ANSWER_FORMATS.high,
        options: options.listCandidateSubtasks ? candidateSubtasksPart(candidates) : null,
        maxTokens: options.maxTokens,
        placeholder: candidates[0] ?? INVALID_ACTION,
      });
      noteProblem(note, high);
      this.subtask = resolveSubtask(firstLine(high.text), candidates, options.mapToCandidateSubtask, note);
      this.progress = NO_PROGRESS;
      calls.push(high.call);
    }

    const { action, finished } = await askLowLevel(this.ctx, view, LOW_ROLE, stepLowPrompt({ subtask: this.subtask, current, progress: this.progress }), note, calls);
    this.finished = finished;
    this.lastAction = action;
    return { action, calls, note: { subtask: this.subtask, subtaskFinished: this.finished, progress: this.progress, ...note } };
  }

  /** A progress as one line within the token bound; an empty answer leaves no progress. */
  private bound(text: string): string {
    const line = oneLine(text);
    return line === '' ? NO_PROGRESS : truncateToTokens(line, this.ctx.options.progressTokens, (t) => this.ctx.countTokens(t));
  }
}
