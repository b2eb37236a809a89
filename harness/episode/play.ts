/**
 * The one episode loop. Reset, then view → act → step until the env ends the episode (terminated) or the step
 * limit cuts it (truncated) — Gymnasium's distinction, which matters for learning: a truncated episode's last
 * state is not terminal, so its value is bootstrapped, not taken as zero.
 *
 * The runner, the learner (demonstrations, rollouts) and `harness check` all play episodes through
 * `playEpisode`, so what an agent sees is built in one place. Each caller wraps the plugin calls its own way:
 * the runner adds timeouts and tells its watchdog which stage it is in; the learner and the check call
 * directly.
 */
import type { Env, MaybePromise, ResetResult, StepResult, StepView } from '../api.ts';

/** The plugin calls the loop makes, named as they appear in error messages. */
export type PlayStage = 'env.reset' | 'env.validActions' | 'env.candidateSubtasks' | 'agent.act' | 'env.step';

/** Who plays: chooses each step's action, and hears of each step's outcome. */
export interface Player<D extends { action: string }> {
  /**
   * Called once after `reset()`, before the first view (the runner resets the agent here). A scripted player
   * (an expert's plan) may return how many steps its script has: the episode then stops there, truncated if
   * the env has not ended it.
   */
  start?(reset: ResetResult): MaybePromise<void | { steps: number }>;
  act(view: StepView): MaybePromise<D>;
  /** Each step as it completes, in order; on an error, the steps observed so far are the partial episode. */
  observe?(step: PlayedStep<D>): void;
}

export interface PlayedStep<D> {
  view: StepView;
  decision: D;
  result: StepResult;
}

export interface PlayOptions {
  stepLimit: number;
  /** Runs one plugin call (the runner adds a timeout and a watchdog stage). Default: awaits it. */
  call?: <T>(stage: PlayStage, run: () => MaybePromise<T>) => Promise<T>;
  /** Checked before every step; `stop()` says what to throw when it has fired. */
  signal?: AbortSignal;
  stop?: () => Error;
  /**
   * Build the view of the state the step limit cut the episode at (`finalView`): what a learner bootstraps
   * the value of a truncated episode from. Costs one more `validActions()`.
   */
  finalView?: boolean;
}

export interface PlayedEpisode {
  reset: ResetResult;
  steps: number;
  /** The env ended the episode (goal reached, task failed). */
  terminated: boolean;
  /** The step limit (or a scripted player's script) ended it first. Never both: `done` on the last allowed step is a termination. */
  truncated: boolean;
  /** With `finalView`, on truncation: the state after the last step. */
  finalView: StepView | null;
  /** The last step's result (null if no step was taken). */
  last: StepResult | null;
}

const direct = async <T>(_stage: PlayStage, run: () => MaybePromise<T>): Promise<T> => run();

export async function playEpisode<D extends { action: string }>(env: Env, player: Player<D>, options: PlayOptions): Promise<PlayedEpisode> {
  const call = options.call ?? direct;
  const reset = await call('env.reset', () => env.reset());
  const script = await player.start?.(reset);
  const stepLimit = script ? Math.min(script.steps, options.stepLimit) : options.stepLimit;

  /** What a player sees: the latest observation, the valid actions, and (on demand, once) the env's candidate subtasks. */
  const viewAt = async (step: number, observation: string, info: StepResult['info']): Promise<StepView> => {
    const validActions = await call('env.validActions', () => env.validActions());
    let candidates: Promise<string[]> | null = null;
    const candidateSubtasks = () =>
      (candidates ??= env.candidateSubtasks ? call('env.candidateSubtasks', () => env.candidateSubtasks!()) : Promise.resolve([]));
    return { step, task: reset.task, observation, info, validActions, candidateSubtasks };
  };

  let observation = reset.observation;
  let info = reset.info;
  let last: StepResult | null = null;
  let steps = 0;
  while (steps < stepLimit) {
    if (options.signal?.aborted) throw options.stop?.() ?? new Error('stopped');
    const view = await viewAt(steps, observation, info);
    const decision = await call('agent.act', () => player.act(view));
    const result = await call('env.step', () => env.step(decision.action));
    steps++;
    last = result;
    player.observe?.({ view, decision, result });
    if (result.done) return { reset, steps, terminated: true, truncated: false, finalView: null, last };
    observation = result.observation;
    info = result.info;
  }
  const finalView = options.finalView ? await viewAt(steps, observation, info) : null;
  return { reset, steps, terminated: false, truncated: true, finalView, last };
}
