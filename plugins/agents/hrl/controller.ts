/**
 * HRL in the style of GLIDER: a high-level policy on the task and the whole history chooses the next subtask
 * among candidate subtasks (the agent's own proposals, see `common/subtask-source.ts`); a low-level policy on the subtask, the interaction since the subtask began and
 * the current observation chooses an action and whether the subtask is finished. A finished subtask hands
 * control back to the high level at the next step.
 */
import type { StepView } from '../../../harness/api.ts';
import type { Chooser } from '../../../harness/learn/index.ts';
import { type Controller, type ControllerStep, decide } from '../common/controller.ts';
import { type HistoryEntry, hrlHighPrompt, hrlLowPrompt, lowCompletion, observationText, recent } from '../common/prompts.ts';

export const HIGH_ROLE = 'high';
export const LOW_ROLE = 'low';

export class HrlController implements Controller {
  /** `historyWindow`: the last n steps of each history in the prompts (0: all of them). */
  constructor(
    private readonly subtaskCandidates: (view: StepView) => Promise<string[]>,
    private readonly historyWindow = 0,
  ) {}

  private task = '';
  private history: HistoryEntry[] = [];
  private subtaskHistory: HistoryEntry[] = [];
  private subtask: string | null = null;
  private finished = true;
  private last: HistoryEntry | null = null;

  reset(task: string): void {
    this.task = task;
    this.history = [];
    this.subtaskHistory = [];
    this.subtask = null;
    this.finished = true;
    this.last = null;
  }

  async act(view: StepView, choose: Chooser): Promise<ControllerStep> {
    if (this.last) {
      this.history.push(this.last);
      this.subtaskHistory.push(this.last);
    }
    const current = observationText(view.observation, view.info);
    const calls = [];
    if (this.finished || this.subtask === null) {
      const candidates = await this.subtaskCandidates(view);
      const high = decide(choose, {
        role: HIGH_ROLE,
        step: view.step,
        parts: hrlHighPrompt({ task: this.task, history: recent(this.history, this.historyWindow), current }),
        candidates,
      });
      this.subtask = high.choice.text;
      this.subtaskHistory = [];
      calls.push(high.call);
    }
    const low = decide(
      choose,
      {
        role: LOW_ROLE,
        step: view.step,
        parts: hrlLowPrompt({ subtask: this.subtask, history: recent(this.subtaskHistory, this.historyWindow), current }),
        candidates: view.validActions,
        withFlag: true,
      },
      (c) => lowCompletion(c.text, Boolean(c.flag)),
    );
    calls.push(low.call);
    this.finished = Boolean(low.choice.flag);
    this.last = { step: view.step, observation: view.observation, action: low.choice.text };
    return { action: low.choice.text, calls, note: { subtask: this.subtask, subtaskFinished: this.finished } };
  }
}
