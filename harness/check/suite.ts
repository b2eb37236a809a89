/**
 * What `validate` and `run` check of a loaded suite before anything runs, beyond its schema and plugin
 * options: that every env offers what each agent needs of it (an error at the agent's entry), and that every
 * episode limit covers every task type of its split (a warning at the limit).
 */
import { ENV_CAPABILITIES, type EpisodeSpec } from '../api.ts';
import { spreadOverTasks } from '../runner/plan.ts';
import type { LoadedSuite } from '../spec/load.ts';
import { type Problem, sortProblems } from '../spec/problems.ts';
import type { AgentEntry } from '../spec/types.ts';
import { readYamlSource, type YamlSource } from '../spec/yaml-source.ts';
import { type EnvProbe, probeEnv, requiredCapabilities } from './capabilities.ts';

export interface SuiteFindings {
  /** Each makes the suite unusable (exit 2, nothing run). */
  problems: Problem[];
  /** Worth saying, but the run can go on. */
  warnings: Problem[];
}

export interface SuiteCheckOptions {
  /** `harness run --limit n`: at most n episodes per evaluation split. */
  limit?: number;
}

export async function checkSuitePlugins(loaded: LoadedSuite, options: SuiteCheckOptions = {}): Promise<SuiteFindings> {
  const source = readYamlSource(loaded.file, loaded.text);
  const at = (path: (string | number)[], message: string, where: 'key' | 'value' = 'value'): Problem => ({
    file: loaded.file,
    ...source.locate(path, where),
    message,
  });
  const findings: SuiteFindings = { problems: [], warnings: [] };
  const { spec, plugins } = loaded;
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
async function limitWarnings(loaded: LoadedSuite, envIndex: number, cliLimit: number | undefined, source: YamlSource, learning: boolean): Promise<Problem[]> {
  const env = loaded.spec.envs[envIndex];
  const plugin = loaded.plugins.envs[envIndex].plugin;
  const warnings: Problem[] = [];
  for (const split of learning ? [env.train, ...env.eval] : env.eval) {
    const fromCli = split !== env.train && cliLimit !== undefined && cliLimit < (split.limit ?? Infinity);
    const cap = fromCli ? cliLimit : split.limit;
    if (cap === undefined) continue;
    let episodes: EpisodeSpec[];
    try {
      episodes = await plugin.episodes(split.split, env.options);
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
