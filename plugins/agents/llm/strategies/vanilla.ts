/**
 * Vanilla: one policy on the task, every observation and action so far, and the current observation.
 */
import type { Decision, StepView } from '../../../../harness/api.ts';
import { type HistoryEntry, observationText, recent, vanillaPrompt } from '../../common/prompts.ts';
import { ANSWER_FORMATS, validActionsPart } from '../chat-prompt.ts';
import { firstLine, INVALID_ACTION } from '../parse.ts';
import { type Note, noteProblem, resolveAction, type StrategyContext, type StrategyEpisode } from './shared.ts';

export const POLICY_ROLE = 'policy';

export class VanillaEpisode implements StrategyEpisode {
  private readonly history: HistoryEntry[] = [];
  private last: HistoryEntry | null = null;

  constructor(private readonly ctx: StrategyContext) {}

  async act(view: StepView): Promise<Decision> {
    const { options, ask } = this.ctx;
    if (this.last) this.history.push(this.last);
    const answer = await ask({
      role: POLICY_ROLE,
      step: view.step,
      builderParts: vanillaPrompt({
        task: view.task,
        history: recent(this.history, options.historyWindow),
        current: observationText(view.observation, view.info),
      }),
      format: ANSWER_FORMATS.policy,
      options: validActionsPart(view.validActions, options.listValidActions),
      maxTokens: options.maxTokens,
      placeholder: view.validActions[0] ?? INVALID_ACTION,
    });
    const note: Note = {};
    noteProblem(note, answer);
    const action = resolveAction(firstLine(answer.text), view.validActions, options.mapToValidAction, note);
    this.last = { step: view.step, observation: view.observation, action };
    return { action, calls: [answer.call], ...(Object.keys(note).length ? { note } : {}) };
  }
}
