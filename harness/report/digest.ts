import type { EpisodeRecord, RunView } from '../api.ts';
import type { EpisodeOutcome } from '../stats/paired-comparison.ts';
import { episodeKey, groupKey, tokensPerStep } from './episode-facts.ts';
import { naturalCompare, orderBy, suiteOrder } from './suite-order.ts';

/**
 * One pass over a run's episode log that keeps what every report needs and nothing more: per episode a
 * compact entry (outcome, token totals, tokens per step index), from which counters per (env, split,
 * agent), per task type and per step index are built at the end. Trajectories and texts are dropped as soon
 * as a record is read, so 100,000 episodes fit in a few tens of MB.
 *
 * An episode is identified by (env, split, agent, seed, episode id). When it appears twice — an episode
 * that failed with an error and was run again on resume — the later record counts, as in the summary.
 */
export interface GroupDigest {
  env: string;
  split: string;
  agent: string;
  episodes: number;
  errors: number;
  /** How episodes ended: `done`, `step-limit`, `error`. */
  ends: Record<string, number>;
  successes: number;
  steps: number;
  tokens: { total: number; prompt: number; completion: number };
  /** Usage reported by a model API, summed over the episodes that reported any. */
  usage: { prompt: number; completion: number; episodes: number };
  byRole: Map<string, { prompt: number; completion: number; calls: number }>;
  /** Tokens at step index i, summed over the episodes that reached it, and how many did. */
  perStep: { sum: number[]; count: number[] };
  /** Per-episode outcomes keyed by (seed, episode id), for paired comparisons. */
  outcomes: Map<string, EpisodeOutcome>;
  /** The training seeds of the group's episodes. */
  seeds: Set<number>;
}

export interface TaskDigest {
  env: string;
  split: string;
  task: string;
  agent: string;
  episodes: number;
  successes: number;
  scoreSum: number;
}

export interface RunDigest {
  envs: string[];
  agents: string[];
  /** Every training seed in the log, ascending. */
  seeds: number[];
  /** Evaluation splits per env, in suite order. */
  splits: Map<string, string[]>;
  /** Sorted by env, split, agent in suite order. */
  groups: GroupDigest[];
  /** Sorted by env, task, split, agent. */
  tasks: TaskDigest[];
  group(env: string, split: string, agent: string): GroupDigest | undefined;
}

export async function digestEpisodes(episodes: AsyncIterable<EpisodeRecord>, manifest: Record<string, unknown> = {}): Promise<RunDigest> {
  const entries = new Map<string, EpisodeEntry>();
  const intern = interner();
  for await (const record of episodes) {
    const entry = entryOf(record, intern);
    entries.set(intern(JSON.stringify([entry.env, entry.split, entry.agent, record.seed, record.episode])), entry);
  }
  const groups = new Map<string, GroupDigest>();
  const tasks = new Map<string, TaskDigest>();
  for (const entry of entries.values()) {
    addToGroup(groupFor(groups, entry), entry);
    addToTask(taskFor(tasks, entry), entry);
  }
  return arrange(groups, tasks, manifest);
}

/** What the digest keeps of one episode record. */
interface EpisodeEntry {
  env: string;
  split: string;
  agent: string;
  task: string;
  seed: number;
  /** (seed, episode id): identity within the group, for pairing. */
  key: string;
  error: boolean;
  end: string;
  outcome: EpisodeOutcome;
  steps: number;
  tokens: { total: number; prompt: number; completion: number };
  usage: { prompt: number; completion: number } | null;
  byRole: [role: string, prompt: number, completion: number, calls: number][];
  perStep: readonly number[];
}

function entryOf(record: EpisodeRecord, intern: (text: string) => string): EpisodeEntry {
  return {
    env: intern(record.env),
    split: intern(record.split),
    agent: intern(record.agent),
    task: intern(record.task),
    seed: record.seed,
    key: episodeKey(record),
    error: record.error !== null && record.error !== undefined,
    end: intern(record.end),
    outcome: { success: record.success, score: record.score, tokensPerStep: tokensPerStep(record), seed: record.seed },
    steps: record.steps,
    tokens: { total: record.tokens.total, prompt: record.tokens.prompt, completion: record.tokens.completion },
    usage: record.usage ? { prompt: record.usage.prompt, completion: record.usage.completion } : null,
    byRole: Object.entries(record.tokens.byRole ?? {}).map(([role, c]) => [intern(role), c.prompt, c.completion, c.calls]),
    perStep: record.tokens.perStep ?? [],
  };
}

/** One string object per distinct text, so 100,000 records naming the same env or agent share it. */
function interner(): (text: string) => string {
  const known = new Map<string, string>();
  return (text) => {
    const found = known.get(text);
    if (found !== undefined) return found;
    known.set(text, text);
    return text;
  };
}

const digests = new WeakMap<RunView, Promise<RunDigest>>();

/** The digest of a run, computed once per RunView however many reporters ask for it. */
export function digestRun(run: RunView): Promise<RunDigest> {
  let digest = digests.get(run);
  if (!digest) {
    digest = digestEpisodes(run.episodes(), run.manifest);
    digests.set(run, digest);
  }
  return digest;
}

function groupFor(groups: Map<string, GroupDigest>, entry: EpisodeEntry): GroupDigest {
  const key = groupKey(entry.env, entry.split, entry.agent);
  let group = groups.get(key);
  if (!group) {
    group = {
      env: entry.env,
      split: entry.split,
      agent: entry.agent,
      episodes: 0,
      errors: 0,
      ends: {},
      successes: 0,
      steps: 0,
      tokens: { total: 0, prompt: 0, completion: 0 },
      usage: { prompt: 0, completion: 0, episodes: 0 },
      byRole: new Map(),
      perStep: { sum: [], count: [] },
      outcomes: new Map(),
      seeds: new Set(),
    };
    groups.set(key, group);
  }
  return group;
}

function addToGroup(group: GroupDigest, entry: EpisodeEntry): void {
  group.episodes++;
  if (entry.error) group.errors++;
  group.ends[entry.end] = (group.ends[entry.end] ?? 0) + 1;
  if (entry.outcome.success) group.successes++;
  group.steps += entry.steps;
  group.tokens.total += entry.tokens.total;
  group.tokens.prompt += entry.tokens.prompt;
  group.tokens.completion += entry.tokens.completion;
  if (entry.usage) {
    group.usage.prompt += entry.usage.prompt;
    group.usage.completion += entry.usage.completion;
    group.usage.episodes++;
  }
  for (const [role, prompt, completion, calls] of entry.byRole) {
    const total = group.byRole.get(role) ?? { prompt: 0, completion: 0, calls: 0 };
    total.prompt += prompt;
    total.completion += completion;
    total.calls += calls;
    group.byRole.set(role, total);
  }
  for (let i = 0; i < entry.perStep.length; i++) {
    group.perStep.sum[i] = (group.perStep.sum[i] ?? 0) + entry.perStep[i];
    group.perStep.count[i] = (group.perStep.count[i] ?? 0) + 1;
  }
  group.outcomes.set(entry.key, entry.outcome);
  group.seeds.add(entry.seed);
}

function taskFor(tasks: Map<string, TaskDigest>, entry: EpisodeEntry): TaskDigest {
  const key = groupKey(entry.env, entry.split, entry.task, entry.agent);
  let task = tasks.get(key);
  if (!task) {
    task = { env: entry.env, split: entry.split, task: entry.task, agent: entry.agent, episodes: 0, successes: 0, scoreSum: 0 };
    tasks.set(key, task);
  }
  return task;
}

function addToTask(task: TaskDigest, entry: EpisodeEntry): void {
  task.episodes++;
  if (entry.outcome.success) task.successes++;
  task.scoreSum += entry.outcome.score;
}

function arrange(groups: Map<string, GroupDigest>, tasks: Map<string, TaskDigest>, manifest: Record<string, unknown>): RunDigest {
  const declared = suiteOrder(manifest);
  const all = [...groups.values()];
  const envs = orderBy(
    all.map((g) => g.env),
    declared.envs,
  );
  const agents = orderBy(
    all.map((g) => g.agent),
    declared.agents,
  );
  const splits = new Map<string, string[]>();
  for (const env of envs) {
    const found = all.filter((g) => g.env === env).map((g) => g.split);
    splits.set(env, orderBy(found, declared.splits.get(env) ?? ['seen', 'unseen']));
  }
  const rank = (list: readonly string[], name: string) => list.indexOf(name);
  const byGroup = (a: { env: string; split: string; agent: string }, b: { env: string; split: string; agent: string }) =>
    rank(envs, a.env) - rank(envs, b.env) ||
    rank(splits.get(a.env)!, a.split) - rank(splits.get(b.env)!, b.split) ||
    rank(agents, a.agent) - rank(agents, b.agent);
  return {
    envs,
    agents,
    seeds: [...new Set(all.flatMap((g) => [...g.seeds]))].sort((a, b) => a - b),
    splits,
    groups: all.sort(byGroup),
    tasks: [...tasks.values()].sort((a, b) => rank(envs, a.env) - rank(envs, b.env) || naturalCompare(a.task, b.task) || byGroup(a, b)),
    group: (env, split, agent) => groups.get(groupKey(env, split, agent)),
  };
}

/** Rows (of a summary, say) in the digest's suite order: env, split, agent; unknown names last. */
export function inSuiteOrder<Row extends { env: string; split: string; agent: string }>(rows: readonly Row[], digest: RunDigest): Row[] {
  const rank = (list: readonly string[], name: string) => {
    const index = list.indexOf(name);
    return index === -1 ? list.length : index;
  };
  return [...rows].sort(
    (a, b) =>
      rank(digest.envs, a.env) - rank(digest.envs, b.env) ||
      rank(digest.splits.get(a.env) ?? [], a.split) - rank(digest.splits.get(b.env) ?? [], b.split) ||
      rank(digest.agents, a.agent) - rank(digest.agents, b.agent),
  );
}
