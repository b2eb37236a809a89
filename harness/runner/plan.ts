import type { EpisodeSpec } from '../api.ts';
import type { LoadedPlugin } from '../plugins/load.ts';
import type { LoadedSuite } from '../spec/load.ts';
import type { AgentEntry, EnvEntry, SplitEntry } from '../spec/types.ts';

/** Command-line narrowing of a suite: which envs/agents/splits, at most how many episodes, which shard. */
export interface Selection {
  only?: { env?: string[]; agent?: string[]; split?: string[] };
  /** At most this many episodes per evaluation split. */
  limit?: number;
  /** Run the shard `index` of `count` (0-based): a balanced, deterministic slice of the evaluation episodes. */
  shard?: { index: number; count: number };
}

/** One agent on one env under one seed: trained once, then evaluated on every evaluation split. */
export interface AgentUnit {
  seed: number;
  env: EnvEntry;
  envPlugin: LoadedPlugin<'env'>;
  agent: AgentEntry;
  agentPlugin: LoadedPlugin<'agent'>;
  train: { split: SplitEntry; episodes: EpisodeSpec[] };
  evals: { split: SplitEntry; episodes: EpisodeSpec[] }[];
}

/**
 * Lays out the run: every seed × env × agent, with the episodes of each split in the env's order. Pure given
 * the suite and selection, so a resumed or sharded run plans exactly the same work.
 */
export async function planRun(loaded: LoadedSuite, selection: Selection = {}): Promise<AgentUnit[]> {
  const { spec, plugins } = loaded;
  const wanted = (list: string[] | undefined, value: string) => !list || list.includes(value);
  const episodeCache = new Map<string, EpisodeSpec[]>();
  const episodesOf = async (envIndex: number, split: SplitEntry, limit?: number) => {
    const key = `${envIndex}:${split.split}`;
    let all = episodeCache.get(key);
    if (!all) {
      const env = spec.envs[envIndex];
      all = await plugins.envs[envIndex].plugin.episodes(split.split, env.options);
      checkEpisodes(all, env.id, split.split);
      episodeCache.set(key, all);
    }
    const cap = Math.min(split.limit ?? Infinity, limit ?? Infinity);
    return Number.isFinite(cap) ? spreadOverTasks(all, cap) : all;
  };

  const units: AgentUnit[] = [];
  for (const seed of spec.seeds) {
    for (const [envIndex, env] of spec.envs.entries()) {
      if (!wanted(selection.only?.env, env.id)) continue;
      const evals = [];
      for (const split of env.eval) {
        if (!wanted(selection.only?.split, split.name)) continue;
        evals.push({ split, episodes: await episodesOf(envIndex, split, selection.limit) });
      }
      const train = { split: env.train, episodes: await episodesOf(envIndex, env.train) };
      for (const [agentIndex, agent] of spec.agents.entries()) {
        if (!wanted(selection.only?.agent, agent.id)) continue;
        units.push({ seed, env, envPlugin: plugins.envs[envIndex], agent, agentPlugin: plugins.agents[agentIndex], train, evals });
      }
    }
  }
  if (selection.shard) applyShard(units, selection.shard);
  return units;
}

/**
 * Keeps every `count`-th evaluation episode, starting at `index`, counted over the whole run in plan order,
 * so shards are balanced across envs, splits and agents and stable across resumes.
 */
function applyShard(units: AgentUnit[], shard: { index: number; count: number }): void {
  let position = 0;
  for (const unit of units) {
    unit.evals = unit.evals.map(({ split, episodes }) => ({
      split,
      episodes: episodes.filter(() => position++ % shard.count === shard.index),
    }));
  }
}

/**
 * At most `count` episodes, taken in turn from each task type (in the env's order within a type), so a small
 * limit still covers every task of a split whose episodes are listed task by task.
 */
export function spreadOverTasks(episodes: EpisodeSpec[], count: number): EpisodeSpec[] {
  if (count >= episodes.length) return episodes;
  const byTask = new Map<string, EpisodeSpec[]>();
  for (const episode of episodes) {
    let list = byTask.get(episode.task);
    if (!list) byTask.set(episode.task, (list = []));
    list.push(episode);
  }
  const queues = [...byTask.values()];
  const chosen = new Set<EpisodeSpec>();
  for (let round = 0; chosen.size < count; round++) {
    for (const queue of queues) {
      if (round < queue.length && chosen.size < count) chosen.add(queue[round]);
    }
  }
  // Back in the env's order, so plans (and shards) follow the env's listing.
  return episodes.filter((e) => chosen.has(e));
}

/** Throws if an env's `episodes()` did not give a list of well-formed episodes with distinct ids. */
export function checkEpisodes(episodes: EpisodeSpec[], env: string, split: string): void {
  if (!Array.isArray(episodes)) throw new Error(`env "${env}": episodes("${split}") did not return a list`);
  const ids = new Set<string>();
  for (const e of episodes) {
    if (typeof e?.id !== 'string' || typeof e.task !== 'string' || typeof e.variation !== 'number') {
      throw new Error(`env "${env}": episodes("${split}") returned a malformed episode ${JSON.stringify(e)}`);
    }
    if (ids.has(e.id)) throw new Error(`env "${env}": episode id "${e.id}" appears twice in split "${split}"`);
    ids.add(e.id);
  }
}
