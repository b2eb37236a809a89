/**
 * `agentgym`: the real ScienceWorld, ALFWorld and other environments served by AgentGym's HTTP servers
 * (`agentenv-sciworld`, `agentenv-alfworld`, ...). One server-side instance per episode, always closed.
 * Which data indices form each split is set in the options; ScienceWorld episodes are labelled with their
 * task from the server's fixed numbering, others from AgentGym's item mapping file when given.
 */
import { definePlugin, type EpisodeSpec } from '../../../harness/api.ts';
import { createAgentGymEnv } from './env.ts';
import { splitEpisodes } from './episodes.ts';
import { type AgentGymOptions, optionsSchema, resolveOptions, SPLITS } from './options.ts';

export default definePlugin({
  kind: 'env',
  name: 'agentgym',
  version: '1.0.0',
  description: 'An environment served by an AgentGym server (real ScienceWorld, ALFWorld, ...) over its HTTP protocol.',
  optionsSchema,
  splits: SPLITS,

  episodes(split: string, options: Partial<AgentGymOptions>): EpisodeSpec[] {
    return splitEpisodes(split, resolveOptions(options));
  },

  create(episode: EpisodeSpec, ctx: { options: Partial<AgentGymOptions>; seed: number }) {
    // AgentGym's servers are deterministic per data index; the seed has nothing to choose.
    return createAgentGymEnv(episode, resolveOptions(ctx.options));
  },

  describe(raw: Partial<AgentGymOptions>): string {
    const options = resolveOptions(raw);
    const lines = [`server: ${options.server} at ${options.baseURL}`];
    for (const split of SPLITS) {
      if (options.splits[split] === undefined) continue;
      const episodes = splitEpisodes(split, options);
      const tasks = new Set(episodes.map((e) => e.task));
      lines.push(`${split}: ${episodes.length} episodes, ${tasks.size} task label(s)`);
    }
    if (lines.length === 1) lines.push('no splits set: give options.splits, e.g. { test: "0-199" }');
    return lines.join('\n');
  },
});
