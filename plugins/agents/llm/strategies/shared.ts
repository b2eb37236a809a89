/**
 * What the three strategies share: the per-episode interface, and how a model's answer becomes the action
 * or subtask actually used (with the optional mapping to the closest option, and notes for the record).
 */
import type { Decision, PolicyCall, StepView } from '../../../../harness/api.ts';
import { ANSWER_FORMATS, candidateSubtasksPart, validActionsPart } from '../chat-prompt.ts';
import { closestOption } from '../closest.ts';
import type { LlmOptions } from '../options.ts';
import { firstLine, INVALID_ACTION, parseLowAnswer } from '../parse.ts';
import type { AskPolicy, PolicyAnswer } from '../policy-call.ts';

export type Note = Record<string, string | number | boolean>;

export interface StrategyContext {
  options: LlmOptions;
  ask: AskPolicy;
  /** The suite's tokenizer, for bounds that must hold on the harness's ruler. */
  countTokens(text: string): number;
}

/** One episode of a strategy: holds what its prompts need from earlier steps. */
export interface StrategyEpisode {
  act(view: StepView): Promise<Decision>;
}

/**
 * The action to send for an answer. An empty answer is the invalid action; with `map`, an answer that is not
 * a valid action becomes the closest one (the note keeps what the model wrote).
 */
export function resolveAction(answer: string, validActions: readonly string[], map: boolean, note: Note): string {
  if (answer === '' || answer === INVALID_ACTION) return INVALID_ACTION;
  if (!map || validActions.includes(answer)) return answer;
  const closest = closestOption(answer, validActions);
  if (closest === null) return answer;
  note.mappedFrom = answer;
  return closest;
}

/** The subtask to pursue for an answer, mapped to the closest candidate on request. */
export function resolveSubtask(answer: string, candidates: readonly string[], map: boolean, note: Note): string {
  if (answer === '') return INVALID_ACTION;
  if (!map || candidates.includes(answer)) return answer;
  const closest = closestOption(answer, candidates);
  if (closest === null) return answer;
  note.subtaskMappedFrom = answer;
  return closest;
}

/** Records in the note that a call's reply carried no completion. */
export function noteProblem(note: Note, answer: PolicyAnswer): void {
  if (answer.problem) note[`${answer.call.role}Reply`] = answer.problem;
}

/**
 * The high level's turn, the same in both hierarchical strategies once its prompt is built: asks for a
 * subtask, records the call, and resolves the subtask to pursue. The model writes its subtask freely, as in
 * the paper; the env's candidate subtasks are asked for only when the suite lists them in the prompt
 * (`listCandidateSubtasks`) or maps answers onto them (`mapToCandidateSubtask`).
 */
export async function askHighLevel(
  ctx: StrategyContext,
  view: StepView,
  role: string,
  builderParts: readonly string[],
  note: Note,
  calls: PolicyCall[],
): Promise<string> {
  const { options, ask } = ctx;
  const candidates = options.listCandidateSubtasks || options.mapToCandidateSubtask ? await view.candidateSubtasks() : [];
  const high = await ask({
    role,
    step: view.step,
    builderParts,
    format: ANSWER_FORMATS.high,
    options: options.listCandidateSubtasks ? candidateSubtasksPart(candidates) : null,
    maxTokens: options.maxTokens,
    placeholder: candidates[0] ?? view.task,
  });
  noteProblem(note, high);
  calls.push(high.call);
  return resolveSubtask(firstLine(high.text), candidates, options.mapToCandidateSubtask, note);
}

/**
 * The low level's turn, the same in both hierarchical strategies once its prompt is built: asks for
 * `<action>; <True|False>`, records the call, and resolves the action and whether the subtask is finished.
 */
export async function askLowLevel(
  ctx: StrategyContext,
  view: StepView,
  role: string,
  builderParts: readonly string[],
  note: Note,
  calls: PolicyCall[],
): Promise<{ action: string; finished: boolean }> {
  const { options, ask } = ctx;
  const low = await ask({
    role,
    step: view.step,
    builderParts,
    format: ANSWER_FORMATS.low,
    options: validActionsPart(view.validActions, options.listValidActions),
    maxTokens: options.maxTokens,
    placeholder: `${view.validActions[0] ?? INVALID_ACTION}; False`,
  });
  noteProblem(note, low);
  calls.push(low.call);
  const answer = parseLowAnswer(low.text);
  if (!answer.parsed) note.unparsed = true;
  return { action: resolveAction(answer.action, view.validActions, options.mapToValidAction, note), finished: answer.finished };
}
