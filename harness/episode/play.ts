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
  // biome-ignore lint/suspicious/noConfusingVoidType: a start that returns nothing is the common case (an agent's reset).
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
  /** Wraps the plugin calls (the runner adds a timeout and a watchdog stage). Default: none. */
  guard?: CallGuard;
  /** Checked before every step; `stop()` says what to throw when it has fired. */
  signal?: AbortSignal;
  stop?: () => Error;
  /**
   * Build the view of the state the step limit cut the episode at (`finalView`): what a learner bootstraps
   * the value of a truncated episode from. Costs one more `validActions()`.
   */
  finalView?: boolean;
}

/**
 * How a caller wraps the loop's plugin calls. The loop makes each call itself and hands the guard only what
 * is still pending, so a synchronous plugin costs no promise, no closure and no timer per call.
 */
export interface CallGuard<Stage extends string = PlayStage> {
  /** Told before each call which it is (a watchdog can then name the stage a blocked thread is in). */
  enter(stage: Stage): void;
  /** A call's result that is still pending; what it returns is awaited in its place (e.g. with a timeout). */
  pending<T>(stage: Stage, result: PromiseLike<T>): Promise<T>;
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

/** A plugin's result that has to be awaited (a promise or another thenable); a plain value is used as it is. */
export function isPending<T>(value: MaybePromise<T> | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

export async function playEpisode<D extends { action: string }>(env: Env, player: Player<D>, options: PlayOptions): Promise<PlayedEpisode> {
  const { guard } = options;
  guard?.enter('env.reset');
  let reset = env.reset();
  if (isPending(reset)) reset = await settle(guard, 'env.reset', reset);
  let script = player.start?.(reset);
  if (isPending(script)) script = await script;
  const stepLimit = script ? Math.min(script.steps, options.stepLimit) : options.stepLimit;
  const task = reset.task;

  // The env's candidate subtasks at the current step, listed on demand and at most once per step. One function
  // serves every step's view (no closure per step); called from an earlier step's view, it lists the current
  // state's, as the env itself would.
  let listedAt = -1;
  let listed: Promise<string[]> = Promise.resolve([]);
  let steps = 0;
  const candidateSubtasks = (): Promise<string[]> => {
    if (listedAt !== steps) {
      listedAt = steps;
      listed = env.candidateSubtasks ? listCandidates(env, guard) : Promise.resolve([]);
    }
    return listed;
  };

  let observation = reset.observation;
  let info = reset.info;
  let last: StepResult | null = null;
  while (steps < stepLimit) {
    if (options.signal?.aborted) throw options.stop?.() ?? new Error('stopped');
    guard?.enter('env.validActions');
    let validActions = env.validActions();
    if (isPending(validActions)) validActions = await settle(guard, 'env.validActions', validActions);
    const view: StepView = { step: steps, task, observation, info, validActions, candidateSubtasks };
    guard?.enter('agent.act');
    let decision = player.act(view);
    if (isPending(decision)) decision = await settle(guard, 'agent.act', decision);
    guard?.enter('env.step');
    let result = env.step(decision.action);
    if (isPending(result)) result = await settle(guard, 'env.step', result);
    steps++;
    last = result;
    player.observe?.({ view, decision, result });
    if (result.done) return { reset, steps, terminated: true, truncated: false, finalView: null, last };
    observation = result.observation;
    info = result.info;
  }
  let finalView: StepView | null = null;
  if (options.finalView) {
    guard?.enter('env.validActions');
    let validActions = env.validActions();
    if (isPending(validActions)) validActions = await settle(guard, 'env.validActions', validActions);
    finalView = { step: steps, task, observation, info, validActions, candidateSubtasks };
  }
  return { reset, steps, terminated: false, truncated: true, finalView, last };
}

/** Awaits a pending plugin result, through the guard when there is one. */
function settle<T>(guard: CallGuard | undefined, stage: PlayStage, result: PromiseLike<T>): PromiseLike<T> {
  return guard ? guard.pending(stage, result) : result;
}

async function listCandidates(env: Env, guard: CallGuard | undefined): Promise<string[]> {
  guard?.enter('env.candidateSubtasks');
  const listed = env.candidateSubtasks!();
  return isPending(listed) ? settle(guard, 'env.candidateSubtasks', listed) : listed;
}
