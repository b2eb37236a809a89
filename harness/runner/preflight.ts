import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EpisodeSpec } from '../api.ts';
import type { LoadedSuite } from '../spec/load.ts';
import { type Problem, SuiteError, sortProblems } from '../spec/problems.ts';
import { readYamlSource } from '../spec/yaml-source.ts';
import { runFiles } from '../store/files.ts';
import { checkEpisodes, type Selection } from './plan.ts';
import { TimeoutError, withTimeout } from './timeout.ts';
import { isCheckpoint } from './train-agent.ts';

export interface PreflightOptions {
  /** Check only what this selection runs (`--only`); everything when absent. */
  only?: Selection['only'];
}

/**
 * What a run of the suite would meet before its first episode, found without running one: each env's
 * `episodes()` for every split the suite names (it must give well-formed episodes with distinct ids), and the
 * finished checkpoints that each `train.from` names. Each problem points at the suite entry it concerns.
 */
export async function preflightProblems(loaded: LoadedSuite, options: PreflightOptions = {}): Promise<Problem[]> {
  const source = readYamlSource(loaded.file, loaded.text);
  const at = (path: (string | number)[], message: string, where: 'key' | 'value' = 'value'): Problem => ({
    file: loaded.file,
    ...source.locate(path, where),
    message,
  });
  const wanted = (list: string[] | undefined, value: string) => !list || list.includes(value);
  const { spec } = loaded;
  const envs = spec.envs.map((env, index) => ({ env, index })).filter(({ env }) => wanted(options.only?.env, env.id));
  const problems: Problem[] = [];

  for (const { env, index } of envs) {
    const splits = [env.train, ...env.eval.filter((split) => wanted(options.only?.split, split.name))];
    for (const split of splits) {
      const what = `env "${env.id}": episodes("${split.split}")`;
      const problem = (message: string) => problems.push(at(['envs', index, 'splits', split.name], message, 'key'));
      let episodes: EpisodeSpec[];
      try {
        episodes = await withTimeout(loaded.plugins.envs[index].plugin.episodes(split.split, env.options), spec.stepTimeoutMs, what);
      } catch (e) {
        problem(e instanceof TimeoutError ? e.message : `${what} failed: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      try {
        checkEpisodes(episodes, env.id, split.split);
      } catch (e) {
        problem((e as Error).message);
      }
    }
  }

  for (const [index, agent] of spec.agents.entries()) {
    const from = agent.train ? agent.train.from : undefined;
    if (!from || !wanted(options.only?.agent, agent.id)) continue;
    const path = ['agents', index, 'train', 'from'];
    const dir = resolve(loaded.baseDir, from);
    if (!existsSync(dir)) {
      problems.push(at(path, `agents[${index}].train.from: no run folder at ${dir}`));
      continue;
    }
    const earlier = runFiles(dir);
    if (!existsSync(earlier.manifest)) {
      problems.push(at(path, `agents[${index}].train.from: ${dir} is not a run folder (no manifest.json)`));
      continue;
    }
    const missing = spec.seeds.flatMap((seed) =>
      envs.filter(({ env }) => !isCheckpoint(earlier.checkpoint(env.id, agent.id, seed))).map(({ env }) => `env "${env.id}" seed ${seed}`),
    );
    if (missing.length) {
      const shown = missing.length > 3 ? `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more` : missing.join(', ');
      problems.push(
        at(path, `agents[${index}].train.from: ${dir} has no finished checkpoint of agent "${agent.id}" for ${shown} (under ${earlier.checkpoints})`),
      );
    }
  }
  return sortProblems(problems);
}

/** Throws the preflight's problems as a SuiteError (the CLI prints them and exits 2). */
export async function assertReadyToRun(loaded: LoadedSuite, options: PreflightOptions = {}): Promise<void> {
  const problems = await preflightProblems(loaded, options);
  if (problems.length) throw new SuiteError(problems);
}
