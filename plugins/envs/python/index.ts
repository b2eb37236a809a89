/**
 * `python`: any Python text environment, through an adapter process that speaks JSON Lines over
 * stdin/stdout (protocol and base class: `adapters/harness_adapter.py`). Ships adapters for the real
 * ScienceWorld (`scienceworld` package) and ALFWorld (`alfworld` package). Which episodes form a split is the
 * adapter's business: the shipped ones give `train`, `dev`/`seen` and `test`/`unseen` from their packages.
 */
import { definePlugin, type EpisodeSpec } from '../../../harness/api.ts';
import { PythonEnv } from './env.ts';
import { launchSpec, optionsSchema, type PythonOptions, resolveOptions, SHIPPED_ADAPTERS } from './options.ts';
import { acquire, release, specKey } from './pool.ts';
import { parseEpisodes } from './replies.ts';

/** Split names a suite may use; each adapter says which episodes (if any) belong to each. */
export const SPLITS = ['train', 'seen', 'unseen', 'dev', 'test'] as const;

// Listing a split can mean starting a JVM and loading every task: do it once per adapter setup and split.
const listed = new Map<string, Promise<EpisodeSpec[]>>();

async function listEpisodes(split: string, options: PythonOptions): Promise<EpisodeSpec[]> {
  const spec = launchSpec(options);
  const proc = await acquire(spec, options.startTimeoutMs);
  try {
    const episodes = parseEpisodes(await proc.call('episodes', { split }, options.listTimeoutMs), split);
    release(spec, proc, options.reuseProcess);
    return episodes;
  } catch (e) {
    if (proc.alive) release(spec, proc, options.reuseProcess);
    throw e;
  }
}

export default definePlugin({
  kind: 'env',
  name: 'python',
  version: '1.0.0',
  description: 'A Python text environment (real ScienceWorld, ALFWorld, or your own) through a JSON Lines adapter process.',
  optionsSchema,
  splits: SPLITS,

  async episodes(split: string, raw: Partial<PythonOptions>): Promise<EpisodeSpec[]> {
    const options = resolveOptions(raw);
    const key = `${specKey(launchSpec(options))}\u0000${split}`;
    let pending = listed.get(key);
    if (!pending) {
      pending = listEpisodes(split, options);
      listed.set(key, pending);
      pending.catch(() => listed.delete(key)); // a failed listing is retried next time, not remembered
    }
    return (await pending).map((e) => ({ ...e }));
  },

  async create(episode: EpisodeSpec, ctx: { options: Partial<PythonOptions>; seed: number }) {
    const options = resolveOptions(ctx.options);
    const spec = launchSpec(options);
    const proc = await acquire(spec, options.startTimeoutMs);
    return new PythonEnv(proc, spec, options, episode, ctx.seed);
  },

  describe(raw: Partial<PythonOptions>): string {
    const options = resolveOptions(raw);
    const spec = launchSpec(options);
    return [
      `adapter: ${options.adapter}${SHIPPED_ADAPTERS[options.adapter] ? ` (${spec.adapter})` : ''}`,
      `interpreter: ${options.python}; adapter args: ${JSON.stringify(options.adapterArgs)}`,
      `splits: ${SPLITS.join(', ')} (the adapter decides which episodes each holds)`,
      `timeouts: start ${options.startTimeoutMs} ms, call ${options.callTimeoutMs} ms, listing ${options.listTimeoutMs} ms`,
    ].join('\n');
  },
});
