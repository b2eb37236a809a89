import {
  type Agent,
  type CallRecord,
  type Decision,
  type Demonstration,
  type Env,
  type EnvPlugin,
  EPISODE_FORMAT,
  type EpisodeRecord,
  type EpisodeSpec,
  hashSeed,
  type Prompt,
  type ResetResult,
  type StepRecord,
  type TokenCount,
} from '../api.ts';
import { type CallGuard, isPending, playEpisode } from '../episode/play.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import { InterruptedError, withTimeout } from './timeout.ts';

/** One episode to run: which env episode, under which split name and seed, by which agent. */
export interface EpisodeJob {
  env: string;
  /** The suite's name for the split (`seen`), which may differ from the env's own (`dev`). */
  split: string;
  episode: EpisodeSpec;
  seed: number;
  agent: string;
}

export interface EpisodeContext {
  envPlugin: EnvPlugin;
  envOptions: Record<string, unknown>;
  agent: Agent;
  /** The agent sees the expert plan (reference rows only). */
  privileged: boolean;
  counter: TokenCounter;
  stepLimit: number;
  stepTimeoutMs: number;
  signal?: AbortSignal;
  /** Told each time the episode enters a stage (a plugin call), so a watchdog can see a blocked thread. */
  onStage?: (stage: EpisodeStage) => void;
  /** Told each decision with its token counts (`harness run --dry-run` prints the prompts from here). */
  onDecision?: (step: number, decision: Decision, tokens: StepRecord['tokens']) => void;
}

/** The plugin calls an episode makes, named as they appear in error messages. */
export const episodeStages = [
  'env.create',
  'env.reset',
  'env.expert',
  'agent.reset',
  'env.validActions',
  'env.candidateSubtasks',
  'agent.act',
  'env.step',
  'env.close',
] as const;
export type EpisodeStage = (typeof episodeStages)[number];

/** The seed an agent gets for one episode: independent of what ran before, so any worker gives the same result. */
export function agentEpisodeSeed(job: EpisodeJob): number {
  return hashSeed(job.seed, job.env, job.split, job.episode.id, job.agent);
}

/**
 * Runs one episode to its end (done, step limit, or error) and returns its record. Never throws for a plugin's
 * failure: the error is recorded in the episode and the run goes on. Throws InterruptedError when stopped.
 *
 * Synchronous plugins cost no promise, closure or timer per call (see `CallGuard`); per step, the only
 * objects made are the view the agent sees and what the record keeps.
 */
export async function runEpisode(job: EpisodeJob, ctx: EpisodeContext): Promise<EpisodeRecord> {
  const started = performance.now();
  const { envPlugin, agent, counter, stepTimeoutMs } = ctx;
  const trajectory: StepRecord[] = [];
  const totals = new TokenTotals();
  const parts = new PartTable();
  let end: EpisodeRecord['end'] = 'error';
  let error: string | null = null;
  let success = false;
  let reset: ResetResult | undefined;
  let env: Env | undefined;
  let stage: EpisodeStage = 'env.create';
  const guard: Guard = {
    enter(next) {
      stage = next;
      ctx.onStage?.(next);
    },
    pending: (what, result) => withTimeout(result, stepTimeoutMs, what),
  };
  /** The current step's token counts, from `act` to `observe`. */
  let counted = NO_CALLS;
  guard.enter('env.create');

  try {
    const creating = envPlugin.create(job.episode, { options: ctx.envOptions, seed: job.seed });
    try {
      env = isPending(creating) ? await guard.pending(stage, creating) : creating;
    } catch (e) {
      // Creation outlived the timeout: the env that arrives later must still be closed (a server-side
      // instance, a subprocess), or every timed-out episode would leak one.
      if (isPending(creating))
        Promise.resolve(creating)
          .then((late) => late.close?.())
          .catch(() => {});
      throw e;
    }
    const live = env;
    const counting = (value: unknown, step: number): Decision => {
      const decision = checkDecision(value);
      counted = totals.addStep(decision, counter);
      ctx.onDecision?.(step, decision, counted.counts);
      return decision;
    };
    const played = await playEpisode<Decision>(
      live,
      {
        start: (start) => {
          reset = start;
          return ctx.privileged ? startPrivileged(live, agent, job, envPlugin.name, guard) : startAgent(agent, job, undefined, guard);
        },
        act: (view) => {
          const deciding = agent.act(view);
          return isPending(deciding) ? Promise.resolve(deciding).then((value) => counting(value, view.step)) : counting(deciding, view.step);
        },
        observe: ({ decision, result }) => {
          const record: StepRecord = {
            action: decision.action,
            observation: result.observation,
            reward: result.reward,
            score: result.score,
            done: result.done,
            tokens: counted.counts,
          };
          if (result.invalid) record.invalid = true;
          if (result.progress !== undefined) record.progress = result.progress;
          if (counted.usage) record.usage = counted.usage;
          if (decision.note) record.note = decision.note;
          if (decision.calls.length > 0) record.calls = callRecords(decision, counted, parts);
          trajectory.push(record);
          success = result.success;
        },
      },
      { stepLimit: ctx.stepLimit, guard, signal: ctx.signal, stop: () => new InterruptedError('run stopped') },
    );
    end = played.terminated ? 'done' : 'step-limit';
  } catch (e) {
    if (e instanceof InterruptedError) throw e;
    end = 'error';
    error = `${stage}: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    try {
      if (env?.close) {
        guard.enter('env.close');
        const closing = env.close();
        if (isPending(closing)) await guard.pending('env.close', closing);
      }
    } catch {
      // A failing close must not turn a finished episode into an error.
    }
  }

  let reward = 0;
  let progress: number | undefined;
  for (const step of trajectory) {
    reward += step.reward;
    if (step.progress !== undefined) progress = step.progress;
  }
  return recordOf(job, {
    success: error === null && success,
    score: trajectory.at(-1)?.score ?? 0,
    reward,
    steps: trajectory.length,
    progress,
    tokens: totals.summary(),
    usage: totals.usage,
    reset,
    trajectory,
    parts: parts.list,
    error,
    end,
    durationMs: Math.round(performance.now() - started),
  });
}

/** The runner's `CallGuard`: a watchdog stage before each plugin call (its episode's stages too), a timeout on each pending one. */
type Guard = CallGuard<EpisodeStage>;

/** Resets the agent for the episode; a promise only when the agent's `reset` is asynchronous. */
function startAgent(agent: Agent, job: EpisodeJob, expert: Demonstration | undefined, guard: Guard): void | Promise<void> {
  guard.enter('agent.reset');
  const resetting = agent.reset({ env: job.env, split: job.split, episode: job.episode, seed: agentEpisodeSeed(job), expert });
  if (isPending(resetting)) return guard.pending('agent.reset', resetting);
}

/** A reference row's start: the env's expert plan first, given to the agent with its reset. */
async function startPrivileged(env: Env, agent: Agent, job: EpisodeJob, envName: string, guard: Guard): Promise<void> {
  guard.enter('env.expert');
  if (!env.expert) throw new Error(`env "${envName}" has no expert() for a privileged agent`);
  const planning = env.expert();
  const expert = isPending(planning) ? await guard.pending('env.expert', planning) : planning;
  await startAgent(agent, job, expert, guard);
}

/** The record of an episode that never started (its agent could not be set up, or its worker failed to). */
export function failedRecord(job: EpisodeJob, reason: string): EpisodeRecord {
  return recordOf(job, {
    success: false,
    score: 0,
    reward: 0,
    steps: 0,
    tokens: { total: 0, prompt: 0, completion: 0, perStep: [], byRole: {} },
    trajectory: [],
    parts: [],
    error: reason,
    end: 'error',
    durationMs: 0,
  });
}

/** What running an episode produced, beside which episode it was. */
type Outcome = Omit<EpisodeRecord, 'format' | 'env' | 'split' | 'agent' | 'seed' | 'episode' | 'task' | 'variation'>;

/**
 * The episode's record, property by property in the log's key order. (Object spread costs more here than a
 * whole step of a small env.) An absent `progress` or `usage` stays undefined, which JSON leaves out.
 */
function recordOf(job: EpisodeJob, outcome: Outcome): EpisodeRecord {
  return {
    format: EPISODE_FORMAT,
    env: job.env,
    split: job.split,
    agent: job.agent,
    seed: job.seed,
    episode: job.episode.id,
    task: job.episode.task,
    variation: job.episode.variation,
    success: outcome.success,
    score: outcome.score,
    reward: outcome.reward,
    steps: outcome.steps,
    progress: outcome.progress,
    tokens: outcome.tokens,
    usage: outcome.usage,
    reset: outcome.reset,
    trajectory: outcome.trajectory,
    parts: outcome.parts,
    error: outcome.error,
    end: outcome.end,
    durationMs: outcome.durationMs,
  };
}

/** Rejects a malformed decision with a message naming what is wrong, instead of failing later in the env. */
function checkDecision(value: unknown): Decision {
  const d = value as Decision;
  if (typeof d !== 'object' || d === null) throw new Error('act() must return { action, calls }');
  if (typeof d.action !== 'string') throw new Error(`act() returned an action that is not a string: ${JSON.stringify(d.action)}`);
  if (!Array.isArray(d.calls)) throw new Error('act() must return "calls": a list of policy calls (empty if none)');
  for (const call of d.calls) {
    const promptOk = typeof call?.prompt === 'string' || (Array.isArray(call?.prompt) && call.prompt.every((p: unknown) => typeof p === 'string'));
    if (typeof call?.role !== 'string' || !promptOk || typeof call.completion !== 'string') {
      throw new Error('each policy call must be { role: string, prompt: string | string[], completion: string }');
    }
  }
  return d;
}

/** A step's token counts: by role, and per call in call order. */
interface CountedStep {
  counts: StepRecord['tokens'];
  perCall: TokenCount[];
  usage?: TokenCount;
}

/** A step without policy calls (shared: records are serialised, never mutated). */
const NO_CALLS = Object.freeze({ counts: Object.freeze({ total: 0, byRole: Object.freeze({}) }), perCall: [] }) as unknown as CountedStep;

/** Token counts of an episode, by step and by role, as the harness counts them. */
class TokenTotals {
  prompt = 0;
  completion = 0;
  perStep: number[] = [];
  byRole: Record<string, TokenCount & { calls: number }> = {};
  usage: TokenCount | undefined;

  addStep(decision: Decision, counter: TokenCounter): CountedStep {
    if (decision.calls.length === 0) {
      this.perStep.push(0);
      return NO_CALLS;
    }
    const byRole: Record<string, TokenCount> = {};
    const perCall: TokenCount[] = [];
    let total = 0;
    let usage: TokenCount | undefined;
    for (const call of decision.calls) {
      const prompt = counter.count(call.prompt);
      const completion = counter.count(call.completion);
      perCall.push({ prompt, completion });
      total += prompt + completion;
      const step = (byRole[call.role] ??= { prompt: 0, completion: 0 });
      step.prompt += prompt;
      step.completion += completion;
      const episode = (this.byRole[call.role] ??= { prompt: 0, completion: 0, calls: 0 });
      episode.prompt += prompt;
      episode.completion += completion;
      episode.calls += 1;
      this.prompt += prompt;
      this.completion += completion;
      if (call.usage) {
        usage ??= { prompt: 0, completion: 0 };
        usage.prompt += call.usage.prompt;
        usage.completion += call.usage.completion;
      }
    }
    if (usage) {
      this.usage ??= { prompt: 0, completion: 0 };
      this.usage.prompt += usage.prompt;
      this.usage.completion += usage.completion;
    }
    this.perStep.push(total);
    return { counts: { total, byRole }, perCall, usage };
  }

  summary(): EpisodeRecord['tokens'] {
    return { total: this.prompt + this.completion, prompt: this.prompt, completion: this.completion, perStep: this.perStep, byRole: this.byRole };
  }
}

/** An episode's distinct prompt parts, each stored once; a prompt is logged as the indices of its parts. */
class PartTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  indicesOf(prompt: Prompt): number[] {
    if (typeof prompt === 'string') return [this.indexOf(prompt)];
    const out = new Array<number>(prompt.length);
    for (let i = 0; i < prompt.length; i++) out[i] = this.indexOf(prompt[i]);
    return out;
  }

  private indexOf(part: string): number {
    let i = this.index.get(part);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(part);
      this.index.set(part, i);
    }
    return i;
  }
}

function callRecords(decision: Decision, counted: CountedStep, parts: PartTable): CallRecord[] {
  return decision.calls.map((call, i) => {
    const record: CallRecord = { role: call.role, prompt: parts.indicesOf(call.prompt), completion: call.completion, tokens: counted.perCall[i] };
    if (call.usage) record.usage = call.usage;
    return record;
  });
}
