/**
 * Vanilla RL: one policy, conditioned on the task, the whole interaction history and the current observation,
 * choosing among the valid actions.
 */
import type { StepView } from '../../../harness/api.ts';
import type { Chooser } from '../../../harness/learn/index.ts';
import { type Controller, type ControllerStep, decide } from '../common/controller.ts';
import { type HistoryEntry, observationText, recent, vanillaPrompt } from '../common/prompts.ts';

export const VANILLA_ROLE = 'policy';

export class VanillaController implements Controller {
  /** `historyWindow`: the last n steps of history in the prompt (0: all of it). */
  constructor(private readonly historyWindow = 0) {}

  private task = '';
  private history: HistoryEntry[] = [];
  private last: { step: number; observation: string; action: string } | null = null;

  reset(task: string): void {
    this.task = task;
    this.history = [];
    this.last = null;
  }

  async act(view: StepView, choose: Chooser): Promise<ControllerStep> {
    if (this.last) this.history.push(this.last);
    const parts = vanillaPrompt({ task: this.task, history: recent(this.history, this.historyWindow), current: observationText(view.observation, view.info) });
    const { choice, call } = decide(choose, { role: VANILLA_ROLE, step: view.step, parts, candidates: view.validActions });
    this.last = { step: view.step, observation: view.observation, action: choice.text };
    return { action: choice.text, calls: [call] };
  }
}
