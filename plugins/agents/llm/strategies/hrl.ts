/**
 * HRL (as GLIDER): a high level on the task and the whole history chooses a subtask; a low level on the
 * subtask, the interaction since it began and the current observation writes `<action>; <True|False>`.
 * A finished subtask hands control back to the high level at the next step.
 */
import type { Decision, PolicyCall, StepView } from '../../../../harness/api.ts';
import { type HistoryEntry, hrlHighPrompt, hrlLowPrompt, observationText, recent } from '../../common/prompts.ts';
import { askHighLevel, askLowLevel, type Note, type StrategyContext, type StrategyEpisode } from './shared.ts';

export const HIGH_ROLE = 'high';
export const LOW_ROLE = 'low';

export class HrlEpisode implements StrategyEpisode {
  private readonly history: HistoryEntry[] = [];
  private subtaskHistory: HistoryEntry[] = [];
  private subtask: string | null = null;
  private finished = true;
  private last: HistoryEntry | null = null;

  constructor(private readonly ctx: StrategyContext) {}

  async act(view: StepView): Promise<Decision> {
    const { options } = this.ctx;
    if (this.last) {
      this.history.push(this.last);
      this.subtaskHistory.push(this.last);
    }
    const current = observationText(view.observation, view.info);
    const note: Note = {};
    const calls: PolicyCall[] = [];

    let subtask = this.subtask;
    if (this.finished || subtask === null) {
      const highPrompt = hrlHighPrompt({ task: view.task, history: recent(this.history, options.historyWindow), current });
      subtask = this.subtask = await askHighLevel(this.ctx, view, HIGH_ROLE, highPrompt, note, calls);
      this.subtaskHistory = [];
    }

    const { action, finished } = await askLowLevel(
      this.ctx,
      view,
      LOW_ROLE,
      hrlLowPrompt({ subtask, history: recent(this.subtaskHistory, options.historyWindow), current }),
      note,
      calls,
    );
    this.finished = finished;
    this.last = { step: view.step, observation: view.observation, action };
    return { action, calls, note: { subtask, subtaskFinished: this.finished, ...note } };
  }
}
