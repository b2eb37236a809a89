/**
 * `imitate` for the `llm` agent: a demonstration replayed through the agent's own strategy, with a teacher
 * answering every call as the agent asks it to be answered — the expert's action, subtask, `<action>; True|False`
 * or local progress — so each call carries the exact chat messages a fine-tuned model will be sent when it is
 * evaluated with this agent and these options, and the answer it should give.
 */
import type { ImitatedCall, ImitationDemonstration } from '../../../harness/api.ts';
import { demonstrationView, expertAnswer, type Teacher } from '../common/imitation.ts';
import { lowCompletion } from '../common/prompts.ts';
import type { LlmOptions } from './options.ts';
import { type AskPolicy, type PolicyRequest, policyCaller } from './policy-call.ts';
import type { StrategyContext, StrategyEpisode } from './strategies/shared.ts';
import { HIGH_ROLE, keptProgress, LOW_ROLE, PROGRESS_ROLE } from './strategies/step-hrl.ts';
import { POLICY_ROLE } from './strategies/vanilla.ts';

/** What the expert answers each role (hrl and step-hrl name their roles alike). */
const TEACHERS: Record<string, Teacher> = {
  [POLICY_ROLE]: 'action',
  [HIGH_ROLE]: 'subtask',
  [LOW_ROLE]: 'action+flag',
  [PROGRESS_ROLE]: 'progress',
};

export async function imitateDemonstration(
  demo: ImitationDemonstration,
  options: LlmOptions,
  countTokens: (text: string) => number,
  createEpisode: (ctx: StrategyContext) => StrategyEpisode,
): Promise<ImitatedCall[][]> {
  let calls: ImitatedCall[] = [];
  const caller = policyCaller(options, async (request) => ({ text: teacherAnswer(demo, request, options, countTokens) }));
  const ask: AskPolicy = async (request) => {
    const answer = await caller(request);
    calls.push({ ...answer.call, messages: answer.messages });
    return answer;
  };
  const episode = createEpisode({ options, ask, countTokens });
  const steps: ImitatedCall[][] = [];
  for (let i = 0; i < demo.steps.length; i++) {
    calls = [];
    const decision = await episode.act(demonstrationView(demo, i));
    const expected = demo.steps[i].action;
    if (decision.action !== expected) throw new Error(`imitation diverged at step ${i}: the agent would send "${decision.action}", the expert "${expected}"`);
    steps.push(calls);
  }
  return steps;
}

function teacherAnswer(demo: ImitationDemonstration, request: PolicyRequest, options: LlmOptions, countTokens: (text: string) => number): string {
  const teacher = TEACHERS[request.role];
  if (!teacher) throw new Error(`no teacher for the ${request.role} policy`);
  const answer = expertAnswer(demo, request.step, teacher);
  switch (teacher) {
    case 'action+flag':
      return lowCompletion(answer.text, Boolean(answer.flag));
    case 'progress':
      // What the agent keeps of an answer is what the model should learn to write.
      return keptProgress(withoutEmptyList(answer.text), options.progressTokens, countTokens);
    default:
      return answer.text;
  }
}

/** A label's empty list dropped (`… || [Checked: ]`, `… ||`), as the reference code's converters drop it from progress targets. */
function withoutEmptyList(label: string): string {
  return label
    .replace(/ \|\| \[Checked: \]$/, '')
    .replace(/ \|\|$/, '')
    .trim();
}
