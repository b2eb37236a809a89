/**
 * Expert episodes of a suite's split, recorded one at a time through the learning kit's `recordDemonstration`
 * (so through the harness's one episode loop: what is recorded is what a player saw), plus what the env showed
 * after the last step, which the reference format needs (`next_obs`, and `look`/`inventory` one entry longer
 * than the actions).
 */
import type { Env, EpisodeSpec, StepInfo, StepResult } from '../api.ts';
import { type RecordedDemonstration, recordDemonstration } from '../learn/episodes.ts';

export interface ExpertEpisode {
  demonstration: RecordedDemonstration;
  /** The feedback and info of the last step (null when the plan had no step). */
  final: { observation: string; info?: StepInfo } | null;
}

/**
 * Plays an env's expert plan from reset, at most `stepLimit` steps, recording the env's candidate subtasks where
 * each subtask starts when the env has them (an `llm` agent may be told to list them).
 */
export async function recordExpertEpisode(env: Env, episode: EpisodeSpec, stepLimit: number): Promise<ExpertEpisode> {
  let last: StepResult | null = null;
  // Delegating wrapper (not a spread: an env may keep its methods on a class prototype) that keeps the last result.
  const tapped: Env = {
    reset: () => env.reset(),
    step: async (action) => {
      last = await env.step(action);
      return last;
    },
    validActions: () => env.validActions(),
    ...(env.candidateSubtasks ? { candidateSubtasks: () => env.candidateSubtasks!() } : {}),
    ...(env.expert ? { expert: () => env.expert!() } : {}),
  };
  const demonstration = await recordDemonstration(tapped, episode, stepLimit, { candidates: Boolean(env.candidateSubtasks) });
  const final = last as StepResult | null;
  return { demonstration, final: final ? { observation: final.observation, info: final.info } : null };
}

/**
 * Why an expert episode is left out of the training data, or null to keep it. As the reference code's dataset
 * check (`env/scienceworld/check_dataset.py`) requires, a kept demonstration ends in success.
 */
export function exclusionReason(expert: ExpertEpisode, stepLimit: number): string | null {
  const d = expert.demonstration;
  if (d.steps.length === 0) return 'the expert plan has no step';
  if (d.success) return null;
  if (d.truncated) return `the expert did not finish within the step limit (${stepLimit})`;
  return `the expert's episode ended without success (score ${d.score})`;
}
