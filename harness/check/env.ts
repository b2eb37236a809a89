import { isDeepStrictEqual } from 'node:util';
import type { Env, EnvPlugin, EpisodeSpec, StepResult } from '../api.ts';
import { playEpisode } from '../episode/play.ts';

/** The outcome of one conformance check. */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface EnvCheckOptions {
  options: Record<string, unknown>;
  stepLimit: number;
  /** Episodes per split to replay; default: every episode of evaluation splits and 50 of the training split. */
  episodesPerSplit?: number;
  seed?: number;
  /** Called after each episode checked, for progress output. */
  onEpisode?: (split: string, done: number, total: number) => void;
}

/** What an action an environment cannot understand looks like. */
const GIBBERISH = 'xyzzy plugh the frobnicator';

/**
 * Conformance of an env plugin: deterministic episode lists; identical text for the same episode, seed and
 * actions; feedback (not an exception) for invalid actions; an expert that reaches success within the step
 * limit with every subtask among the candidates offered at its start. Every failure names the episode.
 */
export async function checkEnv(plugin: EnvPlugin, opts: EnvCheckOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const seed = opts.seed ?? 1;
  for (const split of plugin.splits) {
    const first = await plugin.episodes(split, opts.options);
    const second = await plugin.episodes(split, opts.options);
    const ids = new Set(first.map((e) => e.id));
    results.push({
      name: `${split}: episode list is deterministic with unique ids`,
      ok: isDeepStrictEqual(first, second) && ids.size === first.length && first.length > 0,
      detail: `${first.length} episodes${ids.size !== first.length ? `, ${first.length - ids.size} duplicate ids` : ''}`,
    });

    const sample = sampleEpisodes(first, opts.episodesPerSplit ?? (split === 'train' ? 50 : Infinity));
    const failures = { determinism: [] as string[], invalid: [] as string[], expert: [] as string[], candidates: [] as string[] };
    let expertSteps = 0;
    let hasExpert = true;
    for (const [i, episode] of sample.entries()) {
      const ctx = { options: opts.options, seed };
      const problem = await sameText(plugin, episode, ctx);
      if (problem) failures.determinism.push(`${episode.id}: ${problem}`);
      const invalid = await invalidActionFeedback(plugin, episode, ctx);
      if (invalid) failures.invalid.push(`${episode.id}: ${invalid}`);
      const expert = await replayExpert(plugin, episode, ctx, opts.stepLimit);
      if (expert === null) hasExpert = false;
      else {
        expertSteps += expert.steps;
        if (expert.failure) failures.expert.push(`${episode.id}: ${expert.failure}`);
        if (expert.missingCandidate) failures.candidates.push(`${episode.id}: ${expert.missingCandidate}`);
      }
      opts.onEpisode?.(split, i + 1, sample.length);
    }
    const n = sample.length;
    const report = (name: string, list: string[]) =>
      results.push({
        name: `${split}: ${name}`,
        ok: list.length === 0,
        detail: list.length ? `${list.length}/${n} failed; first: ${list[0]}` : `${n} episodes`,
      });
    report('same episode, seed and actions give the same text', failures.determinism);
    report('invalid actions get feedback, not an exception', failures.invalid);
    if (hasExpert) {
      report(`expert succeeds within ${opts.stepLimit} steps`, failures.expert);
      report('each expert subtask is among the candidates at its start', failures.candidates);
      results.push({ name: `${split}: expert plan length`, ok: true, detail: `${(expertSteps / Math.max(n, 1)).toFixed(1)} steps on average` });
    }
  }
  return results;
}

/** An even spread over the list (first, …, last), so a sample covers every task type in a sorted list. */
function sampleEpisodes(episodes: EpisodeSpec[], count: number): EpisodeSpec[] {
  if (count >= episodes.length) return episodes;
  return Array.from({ length: count }, (_, i) => episodes[Math.floor((i * episodes.length) / count)]);
}

/** Two fresh envs, one scripted walk through valid actions: every text and action list must match. */
async function sameText(plugin: EnvPlugin, episode: EpisodeSpec, ctx: { options: Record<string, unknown>; seed: number }): Promise<string | null> {
  const transcript = async () => {
    const env = await plugin.create(episode, ctx);
    try {
      const lines: unknown[] = [];
      await playEpisode(
        env,
        {
          start: (reset) => void lines.push(reset),
          act: (view) => {
            lines.push(view.validActions);
            if (view.validActions.length === 0) throw new Error(`no valid actions at step ${view.step}`);
            return { action: view.validActions[(view.step * 7 + 3) % view.validActions.length] };
          },
          observe: ({ result }) => void lines.push(result),
        },
        { stepLimit: 12 },
      );
      return lines;
    } finally {
      await env.close?.();
    }
  };
  try {
    const [a, b] = [await transcript(), await transcript()];
    if (isDeepStrictEqual(a, b)) return null;
    const index = a.findIndex((line, i) => !isDeepStrictEqual(line, b[i]));
    return `texts differ at entry ${index}`;
  } catch (e) {
    return `threw ${(e as Error).message}`;
  }
}

async function invalidActionFeedback(plugin: EnvPlugin, episode: EpisodeSpec, ctx: { options: Record<string, unknown>; seed: number }): Promise<string | null> {
  let env: Env | undefined;
  try {
    env = await plugin.create(episode, ctx);
    await env.reset();
    const result = await env.step(GIBBERISH);
    const shape = stepShapeProblem(result);
    if (shape) return shape;
    if (typeof result.observation !== 'string' || result.observation.length === 0) return 'empty feedback';
    if (result.done) return 'an invalid action ended the episode';
    if (result.invalid !== true) return `not flagged invalid (feedback: ${JSON.stringify(result.observation.slice(0, 60))})`;
    return null;
  } catch (e) {
    return `threw ${(e as Error).message}`;
  } finally {
    await env?.close?.();
  }
}

/** Replays the expert's plan step by step through the episode loop; null when the env has no expert. */
async function replayExpert(
  plugin: EnvPlugin,
  episode: EpisodeSpec,
  ctx: { options: Record<string, unknown>; seed: number },
  stepLimit: number,
): Promise<{ steps: number; failure?: string; missingCandidate?: string } | null> {
  const env = await plugin.create(episode, ctx);
  try {
    if (!env.expert) return null;
    const plan: { subtask: string; first: boolean; action: string; progress: string }[] = [];
    let missingCandidate: string | undefined;
    let failure: string | undefined;
    const played = await playEpisode(
      env,
      {
        start: async () => {
          for (const subtask of (await env.expert!()).subtasks) {
            subtask.steps.forEach((step, j) => plan.push({ subtask: subtask.subtask, first: j === 0, ...step }));
          }
          return { steps: plan.length };
        },
        act: async (view) => {
          const planned = plan[view.step];
          if (typeof planned.progress !== 'string' || planned.progress.trim() === '') throw new PlanProblem(`step ${view.step + 1} has no progress label`);
          if (planned.first && env.candidateSubtasks && !missingCandidate) {
            const candidates = await view.candidateSubtasks();
            if (!candidates.includes(planned.subtask)) missingCandidate = `"${planned.subtask}" not among ${candidates.length} candidates`;
          }
          return planned;
        },
        observe: ({ view, decision: { action }, result }) => {
          if (failure) return;
          const step = view.step + 1;
          failure =
            stepShapeProblem(result) ??
            (result.invalid ? `step ${step} "${action}" was invalid: ${result.observation.slice(0, 80)}` : undefined) ??
            (result.done && !result.success ? `episode ended without success at step ${step} ("${action}")` : undefined);
        },
      },
      // Played to the plan's end, not cut at the limit, so an over-long plan is reported as such.
      { stepLimit: Number.MAX_SAFE_INTEGER },
    );
    const steps = played.steps;
    if (failure) return { steps, failure };
    if (!played.last?.success)
      return { steps, failure: `plan of ${steps} steps ended without success (score ${played.last?.score ?? 'none'})`, missingCandidate };
    if (steps > stepLimit) return { steps, failure: `plan needs ${steps} steps, over the limit of ${stepLimit}`, missingCandidate };
    return { steps, missingCandidate };
  } catch (e) {
    return { steps: 0, failure: e instanceof PlanProblem ? e.message : `threw ${(e as Error).message}` };
  } finally {
    await env.close?.();
  }
}

/** A defect of the expert's plan itself (not of the env's behaviour). */
class PlanProblem extends Error {}

function stepShapeProblem(r: StepResult): string | null {
  if (typeof r !== 'object' || r === null) return 'step() did not return a result object';
  if (typeof r.observation !== 'string') return 'observation is not a string';
  if (typeof r.reward !== 'number' || typeof r.score !== 'number') return 'reward and score must be numbers';
  if (typeof r.done !== 'boolean' || typeof r.success !== 'boolean') return 'done and success must be booleans';
  return null;
}
