/**
 * Episodes for learning: demonstrations recorded from an env's expert, and logged episodes (an agent's
 * decisions at each step with the env's feedback), whether teacher-forced through a demonstration or
 * collected by running a policy.
 *
 * The learning reward of a step is the change of the env's score divided by 100 (ScienceWorld: its reward
 * /100, as in the paper; ALFWorld: 1 on the winning step; a ScienceWorld task failure: a large negative one).
 */
import type { Env, EpisodeSpec, StepInfo, StepView } from '../api.ts';
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
}

/** Runs an env's expert plan from reset, recording what a player would have seen at each step. */
export async function recordDemonstration(env: Env, episode: EpisodeSpec, stepLimit: number): Promise<RecordedDemonstration> {
  if (!env.expert) throw new Error(`env of episode ${episode.id} has no expert: cannot build demonstrations`);
  const reset = await env.reset();
  const plan = await env.expert();
  const steps: RecordedStep[] = [];
  let observation = reset.observation;
  let info = reset.info;
  let previousScore = 0;
  let success = false;
  let score = 0;
  outer: for (let k = 0; k < plan.subtasks.length; k++) {
    const subtask = plan.subtasks[k];
    for (let j = 0; j < subtask.steps.length; j++) {
      if (steps.length >= stepLimit) break outer;
      const validActions = await env.validActions();
      const candidateSubtasks = j === 0 && env.candidateSubtasks ? await env.candidateSubtasks() : null;
      const { action, progress } = subtask.steps[j];
      const result = await env.step(action);
      steps.push({
        observation,
        info,
        validActions,
        candidateSubtasks,
        subtask: subtask.subtask,
        subtaskIndex: k,
        firstInSubtask: j === 0,
        lastInSubtask: j === subtask.steps.length - 1,
        action,
        progress,
        reward: (result.score - previousScore) / 100,
        score: result.score,
        done: result.done,
        success: result.success,
        invalid: Boolean(result.invalid),
      });
      previousScore = result.score;
      score = result.score;
      success = result.success;
      observation = result.observation;
      info = result.info;
      if (result.done) break outer;
    }
  }
  return { episode, task: reset.task, steps, success, score };
}

/** The view a player had at a recorded step (for teacher-forcing an agent's controller). */
export function recordedView(demo: RecordedDemonstration, index: number): StepView {
  const s = demo.steps[index];
  return {
    step: index,
    task: demo.task,
    observation: s.observation,
    info: s.info,
    validActions: s.validActions,
    candidateSubtasks: async () => s.candidateSubtasks ?? [],
  };
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
}

/** What an agent returns for one step when its decisions are logged. */
export interface LoggedAct {
  action: string;
  decisions: PolicyDecision[];
}

/** Runs one episode with `act`, logging decisions and feedback. Views are built as the runner builds them. */
export async function collectEpisode(env: Env, episode: EpisodeSpec, stepLimit: number, act: (view: StepView) => Promise<LoggedAct>): Promise<LoggedEpisode> {
  const reset = await env.reset();
  let observation = reset.observation;
  let info = reset.info;
  let previousScore = 0;
  const steps: LoggedStep[] = [];
  for (let step = 0; step < stepLimit; step++) {
    let subtasks: Promise<string[]> | null = null;
    const view: StepView = {
      step,
      task: reset.task,
      observation,
      info,
      validActions: await env.validActions(),
      candidateSubtasks: () => (subtasks ??= Promise.resolve(env.candidateSubtasks ? env.candidateSubtasks() : [])),
    };
    const { action, decisions } = await act(view);
    const result = await env.step(action);
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
    observation = result.observation;
    info = result.info;
    if (result.done) break;
  }
  const last = steps.at(-1);
  return { id: episode.id, source: 'rollout', steps, success: last?.success ?? false, score: last?.score ?? 0 };
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
 * A flat policy: r = the step's learning reward, done = the env's done. The last decision of a trajectory
 * cut by the step limit is treated as terminal too (there is no next prompt to bootstrap from).
 */
export function envRewardTransitions(episode: LoggedEpisode, role: string): LevelTransition[] {
  const list = decisionsOf(episode, role);
  return list.map(({ t, d }, i) => {
    const next = list[i + 1]?.d ?? null;
    return { decision: d, reward: episode.steps[t].reward, done: episode.steps[t].done || !next, next };
  });
}

/** High level: one transition per subtask; r = sum of the learning rewards over its steps. */
export function subtaskReturnTransitions(episode: LoggedEpisode, role: string): LevelTransition[] {
  const list = decisionsOf(episode, role);
  return list.map(({ t, d }, i) => {
    const end = i + 1 < list.length ? list[i + 1].t : episode.steps.length;
    let reward = 0;
    let done = false;
    for (let u = t; u < end; u++) {
      reward += episode.steps[u].reward;
      done ||= episode.steps[u].done;
    }
    const next = list[i + 1]?.d ?? null;
    return { decision: d, reward, done: done || !next, next };
  });
}

/**
 * Low level: r = −1 for an invalid action, else +1 on the step that ends the subtask (the policy's own
 * finished flag), else 0; done = the subtask ended (or the episode did).
 */
export function subtaskCompletionTransitions(episode: LoggedEpisode, role: string): LevelTransition[] {
  const list = decisionsOf(episode, role);
  return list.map(({ t, d }, i) => {
    const step = episode.steps[t];
    const finished = Boolean(d.flag);
    const next = list[i + 1]?.d ?? null;
    return { decision: d, reward: step.invalid ? -1 : finished ? 1 : 0, done: finished || step.done || !next, next };
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
    const next = list[i + 1]?.d ?? null;
    out.push({ decision: d, reward: previous.reward, done: previous.done || !next, next });
  });
  return out;
}
