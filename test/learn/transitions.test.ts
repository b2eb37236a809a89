import { describe, expect, it } from 'vitest';
import {
  envRewardTransitions,
  type LoggedEpisode,
  type LoggedStep,
  type PolicyDecision,
  progressTransitions,
  subtaskCompletionTransitions,
  subtaskReturnTransitions,
} from '../../harness/learn/index.ts';

function decision(role: string, step: number, extra: Partial<PolicyDecision> = {}): PolicyDecision {
  return { role, step, prompt: `${role}@${step}`, candidates: ['a', 'b'], chosen: 0, text: 'a', ...extra };
}

function step(decisions: PolicyDecision[], reward: number, extra: Partial<LoggedStep> = {}): LoggedStep {
  return { decisions, action: 'a', reward, done: false, invalid: false, score: 0, success: false, ...extra };
}

// A STEP-HRL-like episode: subtask 1 covers steps 0–1, subtask 2 covers steps 2–3 (the episode ends there).
// Progress updates happen at the start of steps 1, 2 and 3 (about the action of the step before).
const episode: LoggedEpisode = {
  id: 'e',
  source: 'expert',
  success: true,
  score: 100,
  truncated: false,
  bootstrap: [],
  steps: [
    step([decision('high', 0), decision('low', 0, { flag: false })], 0.25),
    step([decision('progress', 1), decision('low', 1, { flag: true })], 0.25, { invalid: true }),
    step([decision('progress', 2), decision('high', 2), decision('low', 2, { flag: false })], 0),
    step([decision('progress', 3), decision('low', 3, { flag: true })], 0.5, { done: true, success: true }),
  ],
};

describe('level transitions', () => {
  it('give the high level the sum of env rewards over its subtask, and chain to the next subtask', () => {
    const [first, second] = subtaskReturnTransitions(episode, 'high');
    expect(first.reward).toBeCloseTo(0.5);
    expect(first.done).toBe(false);
    expect(first.next?.prompt).toBe('high@2');
    expect(second.reward).toBeCloseTo(0.5);
    expect(second.done).toBe(true);
  });

  it('give the low level +1 where it ends a subtask, −1 for an invalid action, else 0', () => {
    const low = subtaskCompletionTransitions(episode, 'low');
    expect(low.map((t) => t.reward)).toEqual([0, -1, 0, 1]);
    // done where the subtask ends (its flag) or the episode does
    expect(low.map((t) => t.done)).toEqual([false, true, false, true]);
    expect(low[0].next?.prompt).toBe('low@1');
  });

  it('give a progress update the reward and done of the low-level step it summarises', () => {
    const progress = progressTransitions(episode, 'progress', subtaskCompletionTransitions(episode, 'low'));
    expect(progress.map((t) => t.decision.step)).toEqual([1, 2, 3]);
    expect(progress.map((t) => t.reward)).toEqual([0, -1, 0]);
    expect(progress.map((t) => t.done)).toEqual([false, true, true]);
  });

  it('give a flat policy the env reward and done of its step', () => {
    const flat: LoggedEpisode = { ...episode, steps: episode.steps.map((s, i) => ({ ...s, decisions: [decision('policy', i)] })) };
    const out = envRewardTransitions(flat, 'policy');
    expect(out.map((t) => t.reward)).toEqual([0.25, 0.25, 0, 0.5]);
    expect(out.map((t) => t.done)).toEqual([false, false, false, true]);
  });

  it('bootstrap a trajectory cut by the step limit from the decisions at the state it was cut at', () => {
    // Cut after step 2: the low level is mid-subtask, and the policy was asked once more at the final state.
    const cut: LoggedEpisode = {
      ...episode,
      steps: episode.steps.slice(0, 3),
      truncated: true,
      bootstrap: [decision('progress', 3), decision('low', 3, { flag: false })],
    };
    const low = subtaskCompletionTransitions(cut, 'low');
    expect(low.at(-1)!.done).toBe(false);
    expect(low.at(-1)!.next?.prompt).toBe('low@3');
    const progress = progressTransitions(cut, 'progress', low);
    expect(progress.at(-1)!.decision.step).toBe(2);
    expect(progress.at(-1)!.done).toBe(true); // the low step it summarises ended a subtask
    // The second subtask was still running: no next high-level state exists, so it is left out.
    const high = subtaskReturnTransitions(cut, 'high');
    expect(high.map((t) => t.decision.step)).toEqual([0]);
    expect(high[0].done).toBe(false);
  });

  it('treat the end of a terminated trajectory as terminal, and leave out what a cut one cannot value', () => {
    const flat: LoggedEpisode = { ...episode, steps: episode.steps.map((s, i) => ({ ...s, decisions: [decision('policy', i)] })) };
    // Terminated: the last transition is terminal even where the env's done flag was not logged on it.
    const terminated = envRewardTransitions({ ...flat, steps: flat.steps.slice(0, 3) }, 'policy');
    expect(terminated.at(-1)!.done).toBe(true);
    expect(terminated.at(-1)!.next).toBeNull();
    // Truncated without a bootstrap decision: the last transition has no value target and is dropped.
    const cut = envRewardTransitions({ ...flat, steps: flat.steps.slice(0, 3), truncated: true }, 'policy');
    expect(cut.map((t) => t.decision.step)).toEqual([0, 1]);
    // Truncated with one: it bootstraps (not done) from the cut state's decision.
    const boot = envRewardTransitions({ ...flat, steps: flat.steps.slice(0, 3), truncated: true, bootstrap: [decision('policy', 3)] }, 'policy');
    expect(boot.at(-1)!.done).toBe(false);
    expect(boot.at(-1)!.next?.prompt).toBe('policy@3');
  });
});
