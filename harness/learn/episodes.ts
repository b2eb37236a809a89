/**
 * Episodes for learning: demonstrations recorded from an env's expert, and logged episodes (an agent's
 * decisions at each step with the env's feedback), whether teacher-forced through a demonstration or
 * collected by running a policy. Both are played through the harness's one episode loop (`playEpisode`), so
 * a learner sees exactly what the runner shows an agent.
 *
 * The learning reward of a step is the change of the env's score divided by 100 (ScienceWorld: its reward
 * /100, as in the paper; ALFWorld: 1 on the winning step; a ScienceWorld task failure: a large negative one).
 *
 * Terminated vs truncated: an episode the env ended is terminal (no value after it); one the step limit cut
 * is not — its last transitions bootstrap from the value of the state it was cut at (`bootstrap`: the
 * decisions the policy would make there). A transition with no successor in a truncated episode and no
 * bootstrap decision of its level (a subtask still running when time ran out has no next high-level state)
 * is left out of the offline-RL data: there is no state to value after it. (The reference code bootstraps
 * such a transition from the value of a literal string; see docs/reference-departures.md.)
 */
import type { Env, EpisodeSpec, StepInfo, StepView } from '../api.ts';
import { playEpisode } from '../episode/play.ts';
import type { PolicyDecision } from './choosers.ts';

export interface RecordedStep {
  observation: string;
  info?: StepInfo;
  validActions: string[];
  /** The env's candidate subtasks at this state (recorded where a subtask starts; null elsewhere). */
  candidateSubtasks: string[] | null;
  subtask: string;
  subtaskIndex: number;
  firstInSubtask: boolean;
  lastInSubtask: boolean;
  action: string;
  /** The env's local-progress label after this step. */
  progress: string;
  reward: number;
  score: number;
  done: boolean;
  success: boolean;
  invalid: boolean;
}

export interface RecordedDemonstration {
  episode: EpisodeSpec;
  task: string;
  steps: RecordedStep[];
  success: boolean;
  score: number;
  /** The step limit cut the plan before the env ended the episode. */
  truncated: boolean;
}

/**
 * One copy of each distinct text: a training split's demonstrations repeat the same valid actions, room
 * descriptions and inventories step after step, and an env builds them anew each time. Kept per run of
 * recordings (`Texts`), so thousands of demonstrations hold each text once.
 */
export class Texts {
  private readonly seen = new Map<string, string>();
  private lastList: readonly string[] | null = null;

  intern(text: string): string {
    const known = this.seen.get(text);
    if (known !== undefined) return known;
    this.seen.set(text, text);
    return text;
  }

  /** A list of texts, each interned; a list equal to the previous one is that same array. */
  list(texts: readonly string[]): string[] {
    const last = this.lastList;
    if (last && last.length === texts.length && texts.every((t, i) => t === last[i])) return last as string[];
    const out = texts.map((t) => this.intern(t));
    this.lastList = out;
    return out;
  }
}

function internInfo(info: StepInfo | undefined, texts: Texts): StepInfo | undefined {
  if (!info) return info;
  const out: StepInfo = { ...info };
  for (const [key, value] of Object.entries(out)) if (typeof value === 'string') out[key] = texts.intern(value);
  return out;
}

/**
 * Runs an env's expert plan from reset through the episode loop, recording what a player would have seen at
 * each step. With `candidates`, the env's candidate subtasks are recorded where each subtask starts (for
 * agents that are asked to use them).
 */
export async function recordDemonstration(
  env: Env,
  episode: EpisodeSpec,
  stepLimit: number,
  options: { candidates?: boolean; texts?: Texts } = {},
): Promise<RecordedDemonstration> {
  const texts = options.texts ?? new Texts();
  if (!env.expert) throw new Error(`env of episode ${episode.id} has no expert: cannot build demonstrations`);
  const plan: { subtask: string; subtaskIndex: number; first: boolean; last: boolean; action: string; progress: string }[] = [];
  const steps: RecordedStep[] = [];
  let previousScore = 0;
  const played = await playEpisode(
    env,
    {
      start: async () => {
        const demonstration = await env.expert!();
        demonstration.subtasks.forEach((subtask, k) =>
          subtask.steps.forEach((step, j) =>
            plan.push({ subtask: subtask.subtask, subtaskIndex: k, first: j === 0, last: j === subtask.steps.length - 1, ...step }),
          ),
        );
        return { steps: plan.length };
      },
      act: async (view) => {
        const planned = plan[view.step];
        const candidateSubtasks = planned.first && options.candidates ? await view.candidateSubtasks() : null;
        return { action: planned.action, planned, candidateSubtasks };
      },
      observe: ({ view, decision: { planned, candidateSubtasks }, result }) => {
        steps.push({
          observation: texts.intern(view.observation),
          info: internInfo(view.info, texts),
          validActions: texts.list(view.validActions),
          candidateSubtasks,
          subtask: planned.subtask,
          subtaskIndex: planned.subtaskIndex,
          firstInSubtask: planned.first,
          lastInSubtask: planned.last,
          action: planned.action,
          progress: planned.progress,
          reward: (result.score - previousScore) / 100,
          score: result.score,
          done: result.done,
          success: result.success,
          invalid: Boolean(result.invalid),
        });
        previousScore = result.score;
      },
    },
    { stepLimit },
  );
  const last = played.last;
  return { episode, task: played.reset.task, steps, success: last?.success ?? false, score: last?.score ?? 0, truncated: played.truncated };
}

export interface LoggedStep {
  /** The policy decisions made to choose this step's action, in order. */
  decisions: PolicyDecision[];
  action: string;
  /** Learning reward: score change / 100. */
  reward: number;
  done: boolean;
  invalid: boolean;
  score: number;
  success: boolean;
}

export interface LoggedEpisode {
  id: string;
  source: 'expert' | 'rollout';
  steps: LoggedStep[];
  success: boolean;
  score: number;
  /** The step limit cut the episode: its last state is not terminal. */
  truncated: boolean;
  /**
   * For a truncated episode, the decisions the policy would make at the state it was cut at (not taken):
   * the next states its last transitions bootstrap from. Empty otherwise.
   */
  bootstrap: PolicyDecision[];
}

/** What an agent returns for one step when its decisions are logged. */
export interface LoggedAct {
  action: string;
  decisions: PolicyDecision[];
}

/**
 * Runs one episode with `act` through the episode loop, logging decisions and feedback; when the step limit
 * cuts it, `act` is asked once more at the final state for the decisions to bootstrap from.
 */
export async function collectEpisode(env: Env, episode: EpisodeSpec, stepLimit: number, act: (view: StepView) => Promise<LoggedAct>): Promise<LoggedEpisode> {
  let previousScore = 0;
  const steps: LoggedStep[] = [];
  const played = await playEpisode(
    env,
    {
      act,
      observe: ({ decision: { action, decisions }, result }) => {
        steps.push({
          decisions,
          action,
          reward: (result.score - previousScore) / 100,
          done: result.done,
          invalid: Boolean(result.invalid),
          score: result.score,
          success: result.success,
        });
        previousScore = result.score;
      },
    },
    { stepLimit, finalView: true },
  );
  const bootstrap = played.finalView ? (await act(played.finalView)).decisions : [];
  return {
    id: episode.id,
    source: 'rollout',
    steps,
    success: played.last?.success ?? false,
    score: played.last?.score ?? 0,
    truncated: played.truncated,
    bootstrap,
  };
}

// ───────────────────────────── level transitions (the paper's level rewards) ─────────────────────────────

/** A decision with its level reward, its done flag and the next decision of the same level. */
export interface LevelTransition {
  decision: PolicyDecision;
  reward: number;
  done: boolean;
  next: PolicyDecision | null;
}

function decisionsOf(episode: LoggedEpisode, role: string): { t: number; d: PolicyDecision }[] {
  const out: { t: number; d: PolicyDecision }[] = [];
  episode.steps.forEach((s, t) =>
    s.decisions.forEach((d) => {
      if (d.role === role) out.push({ t, d });
    }),
  );
  return out;
}

/**
 * The successor of a level's i-th decision: the next decision of the level; past the last one, nothing in a
 * terminated episode (terminal), the bootstrap decision of a truncated one, or — with neither — undefined:
 * the transition cannot be valued and is left out.
 */
function successor(
  episode: LoggedEpisode,
  role: string,
  list: { d: PolicyDecision }[],
  i: number,
): { next: PolicyDecision | null; terminal: boolean } | undefined {
  if (i + 1 < list.length) return { next: list[i + 1].d, terminal: false };
  if (!episode.truncated) return { next: null, terminal: true };
  const next = episode.bootstrap.find((d) => d.role === role);
  return next ? { next, terminal: false } : undefined;
}

/** A flat policy: r = the step's learning reward, done = the env ended the episode at that step. */
export function envRewardTransitions(episode: LoggedEpisode, role: string): LevelTransition[] {
  const list = decisionsOf(episode, role);
  const out: LevelTransition[] = [];
  list.forEach(({ t, d }, i) => {
    const after = successor(episode, role, list, i);
    if (!after) return;
    const done = episode.steps[t].done || after.terminal;
    out.push({ decision: d, reward: episode.steps[t].reward, done, next: done ? null : after.next });
  });
  return out;
}

/** High level: one transition per subtask; r = sum of the learning rewards over its steps. */
export function subtaskReturnTransitions(episode: LoggedEpisode, role: string): LevelTransition[] {
  const list = decisionsOf(episode, role);
  const out: LevelTransition[] = [];
  list.forEach(({ t, d }, i) => {
    const after = successor(episode, role, list, i);
    if (!after) return;
    const end = i + 1 < list.length ? list[i + 1].t : episode.steps.length;
    let reward = 0;
    let done = after.terminal;
    for (let u = t; u < end; u++) {
      reward += episode.steps[u].reward;
      done ||= episode.steps[u].done;
    }
    out.push({ decision: d, reward, done, next: done ? null : after.next });
  });
  return out;
}

/**
 * Low level: r = −1 for an invalid action, else +1 on the step that ends the subtask (the policy's own
 * finished flag), else 0; done = the subtask ended (or the episode did).
 */
export function subtaskCompletionTransitions(episode: LoggedEpisode, role: string): LevelTransition[] {
  const list = decisionsOf(episode, role);
  const out: LevelTransition[] = [];
  list.forEach(({ t, d }, i) => {
    const step = episode.steps[t];
    const finished = Boolean(d.flag);
    const after = finished || step.done ? { next: null, terminal: true } : successor(episode, role, list, i);
    if (!after) return;
    const done = finished || step.done || after.terminal;
    out.push({ decision: d, reward: step.invalid ? -1 : finished ? 1 : 0, done, next: done ? null : after.next });
  });
  return out;
}

/** Which of the paper's level rewards a policy's transitions get (see the functions above). */
export type LevelReward = { kind: 'env' } | { kind: 'subtask-return' } | { kind: 'subtask-completion' } | { kind: 'progress'; of: string };

/** A policy of an agent (its role name in policy calls) and its level reward. */
export interface LevelRole {
  role: string;
  reward: LevelReward;
}

/** A role's transitions with its level reward (a progress role copies those of the role it summarises). */
export function levelTransitions(episode: LoggedEpisode, role: LevelRole, roles: readonly LevelRole[]): LevelTransition[] {
  switch (role.reward.kind) {
    case 'env':
      return envRewardTransitions(episode, role.role);
    case 'subtask-return':
      return subtaskReturnTransitions(episode, role.role);
    case 'subtask-completion':
      return subtaskCompletionTransitions(episode, role.role);
    case 'progress': {
      const of = role.reward.of;
      const source = roles.find((r) => r.role === of);
      if (!source || source.reward.kind === 'progress') throw new Error(`progress role ${role.role} copies an unknown level ${of}`);
      return progressTransitions(episode, role.role, levelTransitions(episode, source, roles));
    }
  }
}

/**
 * The level rewards of the role names every agent of this project uses: `high` the subtask's return, `low`
 * subtask completion, `progress` a copy of `low`'s (or, without one, of the flat policy's), any other role a
 * flat policy's env reward.
 */
export function conventionalRoles(roles: readonly string[]): LevelRole[] {
  const action = roles.includes('low') ? 'low' : roles.find((r) => r !== 'high' && r !== 'progress');
  return roles.flatMap((role): LevelRole[] => {
    if (role === 'high') return [{ role, reward: { kind: 'subtask-return' } }];
    if (role === 'low') return [{ role, reward: { kind: 'subtask-completion' } }];
    if (role === 'progress') return action ? [{ role, reward: { kind: 'progress', of: action } }] : [];
    return [{ role, reward: { kind: 'env' } }];
  });
}

/**
 * Progress level: the update made at step t concerns the action of step t−1, whose level transition
 * (`source`: the low level's, as in the paper) gives it its reward and done; next = the next progress update.
 */
export function progressTransitions(episode: LoggedEpisode, role: string, source: LevelTransition[]): LevelTransition[] {
  const byStep = new Map(source.map((tr) => [tr.decision.step, tr]));
  const list = decisionsOf(episode, role);
  const out: LevelTransition[] = [];
  list.forEach(({ d }, i) => {
    const previous = byStep.get(d.step - 1);
    if (!previous) return;
    const after = previous.done ? { next: null, terminal: true } : successor(episode, role, list, i);
    if (!after) return;
    const done = previous.done || after.terminal;
    out.push({ decision: d, reward: previous.reward, done, next: done ? null : after.next });
  });
  return out;
}
