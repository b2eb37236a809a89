import { isDeepStrictEqual } from 'node:util';
import { createRng, type Env, type EnvPlugin, type EpisodeSpec, hashSeed, type Rng, type StepResult } from '../api.ts';
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

/** Seeded random walks per episode for the determinism check, and their length. */
const WALKS = 3;
const WALK_STEPS = 12;

/**
 * Conformance of an env plugin: deterministic episode lists; identical text for the same episode, seed and
 * actions, over seeded random walks that try every kind of valid action; feedback (not an exception) for
 * invalid actions; an expert (when the env has one) that reaches success within the step limit, with every
 * subtask among the candidates offered at its start (when the env offers candidates). Every failure names
 * the episode. What the env offers beyond that is its capabilities (`capabilities.ts`).
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
      detail: `${episodeCount(first.length)}${ids.size !== first.length ? `, ${first.length - ids.size} duplicate ids` : ''}`,
    });

    const sample = sampleEpisodes(first, opts.episodesPerSplit ?? (split === 'train' ? 50 : Infinity));
    const failures = { determinism: [] as string[], invalid: [] as string[], expert: [] as string[], candidates: [] as string[] };
    let expertSteps = 0;
    let withExpert = 0;
    let withCandidates = 0;
    for (const [i, episode] of sample.entries()) {
      const ctx = { options: opts.options, seed };
      const problem = await replaysDiffer(plugin, episode, ctx);
      if (problem) failures.determinism.push(`${episode.id}: ${problem}`);
      const invalid = await invalidActionFeedback(plugin, episode, ctx);
      if (invalid) failures.invalid.push(`${episode.id}: ${invalid}`);
      const expert = await replayExpert(plugin, episode, ctx, opts.stepLimit);
      if (expert !== null) {
        withExpert++;
        expertSteps += expert.steps;
        if (expert.failure) failures.expert.push(`${episode.id}: ${expert.failure}`);
        if (expert.candidatesOffered) withCandidates++;
        if (expert.missingCandidate) failures.candidates.push(`${episode.id}: ${expert.missingCandidate}`);
      }
      opts.onEpisode?.(split, i + 1, sample.length);
    }
    const report = (name: string, list: string[], n: number, each = '') =>
      results.push({
        name: `${split}: ${name}`,
        ok: list.length === 0,
        detail: list.length ? `${list.length}/${n} failed; first: ${list[0]}` : `${episodeCount(n)}${each}`,
      });
    report('same episode, seed and actions give the same text', failures.determinism, sample.length, `, ${WALKS} random walks each`);
    report('invalid actions get feedback, not an exception', failures.invalid, sample.length);
    // Without an expert or candidates there is nothing to check of them: the env's capabilities say they are missing.
    if (withExpert) {
      report(`expert succeeds within ${opts.stepLimit} steps`, failures.expert, withExpert);
      results.push({ name: `${split}: expert plan length`, ok: true, detail: `${(expertSteps / withExpert).toFixed(1)} steps on average` });
    }
    if (withCandidates) report('each expert subtask is among the candidates at its start', failures.candidates, withCandidates);
  }
  return results;
}

export function episodeCount(n: number): string {
  return `${n} episode${n === 1 ? '' : 's'}`;
}

/** An even spread over the list (first, …, last), so a sample covers every task type in a sorted list. */
function sampleEpisodes(episodes: EpisodeSpec[], count: number): EpisodeSpec[] {
  if (count >= episodes.length) return episodes;
  return Array.from({ length: count }, (_, i) => episodes[Math.floor((i * episodes.length) / count)]);
}

type EnvContext = { options: Record<string, unknown>; seed: number };

/**
 * Seeded random walks through valid actions, each played on two fresh envs: every text and action list must
 * match. Each step prefers a kind of action (its first word) that no earlier step of the episode's walks
 * took, so together the walks try every kind the env offers, wherever it sits in the list.
 */
async function replaysDiffer(plugin: EnvPlugin, episode: EpisodeSpec, ctx: EnvContext): Promise<string | null> {
  const tried = new Set<string>();
  for (let walk = 1; walk <= WALKS; walk++) {
    const seed = hashSeed('check-walk', episode.id, walk);
    const before = new Set(tried);
    try {
      const first = await walkTranscript(plugin, episode, ctx, createRng(seed), tried);
      const second = await walkTranscript(plugin, episode, ctx, createRng(seed), before);
      const longer = first.length >= second.length ? first : second;
      const index = longer.findIndex((_, i) => !isDeepStrictEqual(first[i]?.[1], second[i]?.[1]));
      if (index >= 0) return `walk ${walk}: ${longer[index][0]} differs between two plays`;
    } catch (e) {
      return `walk ${walk} threw ${(e as Error).message}`;
    }
  }
  return null;
}

/** One seeded walk on a fresh env, as labelled entries: the reset, each step's valid actions and result. */
async function walkTranscript(plugin: EnvPlugin, episode: EpisodeSpec, ctx: EnvContext, rng: Rng, tried: Set<string>): Promise<[string, unknown][]> {
  const env = await plugin.create(episode, ctx);
  try {
    const entries: [string, unknown][] = [];
    await playEpisode(
      env,
      {
        start: (reset) => void entries.push(['reset()', reset]),
        act: (view) => {
          entries.push([`the valid actions before step ${view.step + 1}`, view.validActions]);
          if (view.validActions.length === 0) throw new Error(`no valid actions at step ${view.step + 1}`);
          const kinds = [...new Set(view.validActions.map(kindOf))];
          const fresh = kinds.filter((k) => !tried.has(k));
          const kind = rng.pick(fresh.length ? fresh : kinds);
          tried.add(kind);
          return { action: rng.pick(view.validActions.filter((a) => kindOf(a) === kind)) };
        },
        observe: ({ view, decision, result }) => void entries.push([`the result of step ${view.step + 1} (${JSON.stringify(decision.action)})`, result]),
      },
      { stepLimit: WALK_STEPS },
    );
    return entries;
  } finally {
    await env.close?.();
  }
}

function kindOf(action: string): string {
  return action.trim().split(/\s+/)[0].toLowerCase();
}

async function invalidActionFeedback(plugin: EnvPlugin, episode: EpisodeSpec, ctx: EnvContext): Promise<string | null> {
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

/**
 * Replays the expert's plan step by step through the episode loop; null when the env has no expert. The
 * candidates are checked when the env offers some at the start of the episode.
 */
async function replayExpert(
  plugin: EnvPlugin,
  episode: EpisodeSpec,
  ctx: EnvContext,
  stepLimit: number,
): Promise<{ steps: number; failure?: string; candidatesOffered?: boolean; missingCandidate?: string } | null> {
  const env = await plugin.create(episode, ctx);
  try {
    if (!env.expert) return null;
    const plan: { subtask: string; first: boolean; action: string; progress: string }[] = [];
    let candidatesOffered = false;
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
          if (planned.first && env.candidateSubtasks && !missingCandidate) {
            const candidates = await view.candidateSubtasks();
            if (view.step === 0) candidatesOffered = candidates.length > 0;
            if (candidatesOffered && !candidates.includes(planned.subtask)) missingCandidate = `"${planned.subtask}" not among ${candidates.length} candidates`;
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
    const outcome = { steps, candidatesOffered, missingCandidate };
    if (!played.last?.success) return { ...outcome, failure: `plan of ${steps} steps ended without success (score ${played.last?.score ?? 'none'})` };
    if (steps > stepLimit) return { ...outcome, failure: `plan needs ${steps} steps, over the limit of ${stepLimit}` };
    return outcome;
  } catch (e) {
    return { steps: 0, failure: `threw ${(e as Error).message}` };
  } finally {
    await env.close?.();
  }
}

function stepShapeProblem(r: StepResult): string | null {
  if (typeof r !== 'object' || r === null) return 'step() did not return a result object';
  if (typeof r.observation !== 'string') return 'observation is not a string';
  if (typeof r.reward !== 'number' || typeof r.score !== 'number') return 'reward and score must be numbers';
  if (typeof r.done !== 'boolean' || typeof r.success !== 'boolean') return 'done and success must be booleans';
  return null;
}
