/**
 * The `rl` format: level transitions `(state, action, reward, next_state, done)` per policy, with the paper's
 * level rewards, computed by the learning kit's transition functions (`harness/learn/episodes.ts`) — the ones
 * the learned agents' offline RL uses — from the policy calls of each step and the env's feedback:
 *
 *   high      one transition per subtask; reward = sum of the learning rewards (score change / 100) over it
 *   low       reward = −1 for an invalid action, else +1 on the step that finishes the subtask, else 0;
 *             done = the subtask (or the episode) ended
 *   progress  the reward and done of the action the update is about (the low level's; the flat policy's
 *             without hierarchy)
 *   other     (a flat agent's `policy`) reward = the step's learning reward; done = the episode ended
 *
 * Policies are told apart by their role names, the ones every hierarchical agent of this project uses. The
 * state is the exact prompt text of the call (parts joined: for the `llm` agent, its messages' contents in
 * order), the action its completion, next_state the next call of the same policy (null when done). A
 * transition with no successor in an episode the step limit cut is left out, as the learned agents leave it.
 */
import type { ImitatedCall, Prompt } from '../api.ts';
import {
  conventionalRoles,
  type LevelTransition,
  type LoggedEpisode,
  type LoggedStep,
  levelTransitions,
  type RecordedDemonstration,
} from '../learn/episodes.ts';

export const HIGH_ROLE = 'high';
export const LOW_ROLE = 'low';

/** One step as the exporter sees it: the policy calls that chose the action, and what the env answered. */
export interface ExportStep {
  calls: { role: string; prompt: Prompt; completion: string }[];
  /** The low level said this step finishes its subtask. */
  finished: boolean;
  action: string;
  /** Learning reward: score change / 100. */
  reward: number;
  score: number;
  done: boolean;
  invalid: boolean;
  success: boolean;
}

export interface RlLine {
  policy: string;
  state: string;
  action: string;
  reward: number;
  next_state: string | null;
  done: boolean;
}

export function promptText(prompt: Prompt): string {
  return typeof prompt === 'string' ? prompt : prompt.join('');
}

/** The steps of an episode as the learning kit's logged episode (no bootstrap decisions: none were logged). */
export function loggedEpisode(id: string, steps: ExportStep[], end: { success: boolean; score: number; truncated: boolean }): LoggedEpisode {
  const logged: LoggedStep[] = steps.map((s, t) => ({
    decisions: s.calls.map((c) => ({
      role: c.role,
      step: t,
      prompt: promptText(c.prompt),
      candidates: [],
      chosen: -1,
      text: c.completion,
      ...(c.role === LOW_ROLE ? { flag: s.finished } : {}),
    })),
    action: s.action,
    reward: s.reward,
    done: s.done,
    invalid: s.invalid,
    score: s.score,
    success: s.success,
  }));
  return { id, source: 'expert', steps: logged, ...end, bootstrap: [] };
}

/** Every policy's transitions, policy by policy in the order they first act, each in step order. */
export function rlLines(episode: LoggedEpisode): RlLine[] {
  const roles = conventionalRoles([...new Set(episode.steps.flatMap((s) => s.decisions.map((d) => d.role)))]);
  return roles.flatMap((role) => levelTransitions(episode, role, roles).map((t) => rlLine(role.role, t)));
}

function rlLine(policy: string, t: LevelTransition): RlLine {
  return { policy, state: t.decision.prompt, action: t.decision.text, reward: t.reward, next_state: t.next?.prompt ?? null, done: t.done };
}

/** A demonstration's steps with the calls an agent made imitating it. */
export function demonstrationSteps(demo: RecordedDemonstration, calls: ImitatedCall[][]): ExportStep[] {
  return demo.steps.map((s, t) => ({
    calls: calls[t] ?? [],
    finished: s.lastInSubtask,
    action: s.action,
    reward: s.reward,
    score: s.score,
    done: s.done,
    invalid: s.invalid,
    success: s.success,
  }));
}
