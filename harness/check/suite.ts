/**
 * What `validate` and `run` check of a loaded suite before anything runs, beyond its schema and plugin
 * options — one pass, one list of findings, each pointing at the suite entry it concerns:
 *   - each env's `episodes()` for every split the suite names gives well-formed episodes with distinct ids;
 *   - each `train.from` names a run folder with a finished checkpoint for every env and seed;
 *   - every env offers what each agent needs of it (probed on one episode; an error at the agent's entry);
 *   - every episode limit covers every task type of its split (a warning at the limit).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENV_CAPABILITIES, type EpisodeSpec } from '../api.ts';
import { checkEpisodes, type Selection, spreadOverTasks } from '../runner/plan.ts';
import { TimeoutError, withTimeout } from '../runner/timeout.ts';
import { isCheckpoint } from '../runner/train-agent.ts';
import type { LoadedSuite } from '../spec/load.ts';
import { type Problem, sortProblems } from '../spec/problems.ts';
import type { AgentEntry } from '../spec/types.ts';
import { readYamlSource, type YamlSource } from '../spec/yaml-source.ts';
import { runFiles } from '../store/files.ts';
import { type EnvProbe, probeEnv, requiredCapabilities } from './capabilities.ts';

export interface SuiteFindings {
  /** Each makes the suite unusable (exit 2, nothing run). */
  problems: Problem[];
  /** Worth saying, but the run can go on. */
  warnings: Problem[];
}

export interface SuiteCheckOptions {
  /** Check only what this selection runs (`--only`); everything when absent. */
  only?: Selection['only'];
  /** `harness run --limit n`: at most n episodes per evaluation split. */
  limit?: number;
}

export async function checkSuite(loaded: LoadedSuite, options: SuiteCheckOptions = {}): Promise<SuiteFindings> {
  const source = readYamlSource(loaded.file, loaded.text);
  const at = (path: (string | number)[], message: string, where: 'key' | 'value' = 'value'): Problem => ({
    file: loaded.file,
    ...source.locate(path, where),
    message,
  });
  const { spec, plugins } = loaded;
  const listed = episodeLists(loaded);
  const findings: SuiteFindings = {
    problems: [...(await episodeProblems(loaded, options, at, listed)), ...trainFromProblems(loaded, options, at)],
    warnings: [],
  };
  const agents = spec.agents.map((agent, j) => ({ agent, j, plugin: plugins.agents[j].plugin, trains: trainsHere(agent) }));
  // Probing plays the start of an episode (on a server, it opens an instance): only worth it when someone needs something.
  const needy = agents.some(({ agent, plugin, trains }) => requiredCapabilities(plugin, agent.options, trains).length > 0);
  for (const [i, env] of spec.envs.entries()) {
    findings.warnings.push(
      ...(await limitWarnings(
        loaded,
        i,
        options.limit,
        source,
        agents.some(({ plugin, trains }) => trains && plugin.trainSchema),
        listed,
      )),
    );
    if (!needy) continue;
    const plugin = plugins.envs[i].plugin;
    let probe: EnvProbe;
    try {
      probe = await probeEnv(plugin, env.options, { split: env.train.split, seed: spec.seeds[0], timeoutMs: spec.stepTimeoutMs });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      findings.warnings.push(
        at(
          ['envs', i],
          `env "${env.id}": its capabilities are unknown (probing ${env.train.split} failed: ${reason}); agents' needs were not checked against it`,
        ),
      );
      continue;
    }
    for (const { agent, j, plugin: agentPlugin, trains } of agents) {
      const untrainedNeeds = requiredCapabilities(agentPlugin, agent.options, false);
      for (const capability of requiredCapabilities(agentPlugin, agent.options, trains)) {
        if (probe.offered.includes(capability)) continue;
        const onlyToTrain = untrainedNeeds.includes(capability)
          ? ''
          : '; it needs it only to train (with "train: false" or "train: { from: <run-dir> }" it would not)';
        findings.problems.push(
          at(
            ['agents', j],
            `agent "${agent.id}" needs ${ENV_CAPABILITIES[capability]}, which env "${env.id}" does not offer (${probe.missing[capability]})${onlyToTrain}`,
          ),
        );
      }
    }
  }
  return { problems: sortProblems(findings.problems), warnings: sortProblems(findings.warnings) };
}

/** The agent trains in this suite: not `train: false`, and not loading an earlier run's checkpoints. */
function trainsHere(agent: AgentEntry): boolean {
  return agent.train !== false && agent.train.from === undefined;
}

/**
 * A limit below the number of task types of its split leaves some out entirely: say which. The training split
 * counts only when an agent learns from it (one with training settings that trains here).
 */
async function limitWarnings(
  loaded: LoadedSuite,
  envIndex: number,
  cliLimit: number | undefined,
  source: YamlSource,
  learning: boolean,
  listed: EpisodeLists,
): Promise<Problem[]> {
  const env = loaded.spec.envs[envIndex];
  const warnings: Problem[] = [];
  for (const split of learning ? [env.train, ...env.eval] : env.eval) {
    const fromCli = split !== env.train && cliLimit !== undefined && cliLimit < (split.limit ?? Infinity);
    const cap = fromCli ? cliLimit : split.limit;
    if (cap === undefined) continue;
    let episodes: EpisodeSpec[];
    try {
      episodes = await listed(envIndex, split.split);
    } catch {
      continue; // a failing episodes() is reported where the run plans its episodes
    }
    const tasks = [...new Set(episodes.map((e) => e.task))];
    const kept = new Set(spreadOverTasks(episodes, cap).map((e) => e.task));
    const left = tasks.filter((t) => !kept.has(t));
    if (left.length === 0) continue;
    const path = ['envs', envIndex, 'splits', split.name, ...(fromCli ? [] : ['limit'])];
    const limit = fromCli ? `--limit ${cap}` : `limit ${cap}`;
    warnings.push({
      file: loaded.file,
      ...source.locate(path, fromCli ? 'key' : 'value'),
      message:
        `${limit} covers ${tasks.length - left.length} of the ${tasks.length} task types of env "${env.id}" split "${split.name}"; ` +
        `it leaves out ${left.join(', ')} (a limit of ${tasks.length} or more covers every type)`,
    });
  }
  return warnings;
}

type Locate = (path: (string | number)[], message: string, where?: 'key' | 'value') => Problem;

/** Each env split's episodes, listed once for all the checks (in the suite's time limit for a plugin call). */
type EpisodeLists = (envIndex: number, split: string) => Promise<EpisodeSpec[]>;

function episodeLists(loaded: LoadedSuite): EpisodeLists {
  const lists = new Map<string, Promise<EpisodeSpec[]>>();
  return (envIndex, split) => {
    const key = `${envIndex}\u0000${split}`;
    let list = lists.get(key);
    if (!list) {
      const env = loaded.spec.envs[envIndex];
      const what = `env "${env.id}": episodes("${split}")`;
      lists.set(key, (list = Promise.resolve(withTimeout(loaded.plugins.envs[envIndex].plugin.episodes(split, env.options), loaded.spec.stepTimeoutMs, what))));
    }
    return list;
  };
}

const wanted = (list: string[] | undefined, value: string) => !list || list.includes(value);

function selectedEnvs(loaded: LoadedSuite, options: SuiteCheckOptions) {
  return loaded.spec.envs.map((env, index) => ({ env, index })).filter(({ env }) => wanted(options.only?.env, env.id));
}

/** Each env's `episodes()` for every split named: in time, well formed, with distinct ids. */
async function episodeProblems(loaded: LoadedSuite, options: SuiteCheckOptions, at: Locate, listed: EpisodeLists): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const { env, index } of selectedEnvs(loaded, options)) {
    const splits = [env.train, ...env.eval.filter((split) => wanted(options.only?.split, split.name))];
    for (const split of splits) {
      const what = `env "${env.id}": episodes("${split.split}")`;
      const problem = (message: string) => problems.push(at(['envs', index, 'splits', split.name], message, 'key'));
      let episodes: EpisodeSpec[];
      try {
        episodes = await listed(index, split.split);
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
  return problems;
}

/** Each `train.from`: a run folder holding a finished checkpoint of the agent for every env and seed. */
function trainFromProblems(loaded: LoadedSuite, options: SuiteCheckOptions, at: Locate): Problem[] {
  const { spec } = loaded;
  const envs = selectedEnvs(loaded, options);
  const problems: Problem[] = [];
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
  return problems;
}
