/**
 * A controller is an agent's per-episode logic: which policies it calls, on which prompt, with which
 * candidates, and what it keeps between steps. It asks a `Chooser` for every decision, so the same code
 * acts greedily at evaluation, samples during rollouts, and is teacher-forced through demonstrations.
 */
import type { PolicyCall, StepView } from '../../../harness/api.ts';
import type { Choice, Chooser } from '../../../harness/learn/index.ts';

export interface ControllerStep {
  action: string;
  calls: PolicyCall[];
  note?: Record<string, string | number | boolean>;
}

export interface Controller {
  reset(task: string): void;
  act(view: StepView, choose: Chooser): Promise<ControllerStep>;
}

/** Asks the chooser and returns the choice with the policy call to report (exact prompt parts). */
export function decide(
  choose: Chooser,
  request: { role: string; step: number; parts: string[]; candidates: string[]; withFlag?: boolean },
  completion: (choice: Choice) => string = (c) => c.text,
): { choice: Choice; call: PolicyCall } {
  const choice = choose({
    role: request.role,
    step: request.step,
    prompt: request.parts.join(''),
    candidates: request.candidates,
    withFlag: Boolean(request.withFlag),
  });
  return { choice, call: { role: request.role, prompt: request.parts, completion: completion(choice) } };
}
