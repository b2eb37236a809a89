import type { Agent, AgentPlugin, EnvPlugin } from '../api.ts';
import { createAgent } from '../runner/create-agent.ts';
import { runEpisode } from '../runner/episode.ts';
import { spreadOverTasks } from '../runner/plan.ts';
import { TokenCounter } from '../tokens/counter.ts';
import { tokenizer } from '../tokens/tokenizers.ts';
import { probeEnv, requiredCapabilities } from './capabilities.ts';
import { type CheckResult, episodeCount } from './env.ts';

export interface AgentCheckOptions {
  /** The env the agent plays, with its options (defaults filled in). */
  env: { name: string; plugin: EnvPlugin; options: Record<string, unknown> };
  /** Episodes to play, spread over the task types of the env's first evaluation split. */
  episodes: number;
  stepLimit: number;
  stepTimeoutMs: number;
}

const CREATED = 'create() returns an agent with reset() and act()';

/**
 * Conformance of an agent plugin: `create()` gives an agent, and that agent, untrained, plays a few episodes
 * of an env through the runner's own episode loop without an error — a throw, a timeout or a malformed
 * decision fails the check, naming the episode and the stage.
 */
export async function checkAgent(plugin: AgentPlugin, options: Record<string, unknown>, opts: AgentCheckOptions): Promise<CheckResult[]> {
  const { env } = opts;
  const counter = new TokenCounter(tokenizer('whitespace'));
  let agent: Agent;
  try {
    agent = await createAgent({ seed: 1, env: env.name, envPlugin: env.name, agent: plugin.name, agentOptions: options, plugin }, counter, () => {});
    if (typeof agent?.reset !== 'function' || typeof agent.act !== 'function') throw new Error('missing reset() or act()');
  } catch (e) {
    return [{ name: CREATED, ok: false, detail: (e as Error).message }];
  }
  const abilities = [agent.train && 'trains', agent.save && 'saves', agent.load && 'loads'].filter(Boolean).join(', ');
  const results: CheckResult[] = [{ name: CREATED, ok: true, detail: abilities || 'no training' }];
  try {
    results.push(await playEpisodes(plugin, options, agent, counter, opts));
  } finally {
    await agent.dispose?.();
  }
  return results;
}

async function playEpisodes(
  plugin: AgentPlugin,
  options: Record<string, unknown>,
  agent: Agent,
  counter: TokenCounter,
  { env, episodes: count, stepLimit, stepTimeoutMs }: AgentCheckOptions,
): Promise<CheckResult> {
  const split = env.plugin.splits.find((s) => s !== 'train') ?? env.plugin.splits[0];
  const name = `plays ${env.name} (${split}) untrained without an error`;
  const needs = requiredCapabilities(plugin, options, false);
  if (needs.length) {
    const probe = await probeEnv(env.plugin, env.options, { split, seed: 1, timeoutMs: stepTimeoutMs });
    const missing = needs.filter((c) => !probe.offered.includes(c));
    if (missing.length) return { name, ok: false, detail: `the env lacks ${missing.join(', ')}, which the agent needs; choose another with --env` };
  }
  const episodes = spreadOverTasks(await env.plugin.episodes(split, env.options), count);
  const failures: string[] = [];
  let steps = 0;
  let solved = 0;
  for (const episode of episodes) {
    const record = await runEpisode(
      { env: env.name, split, episode, seed: 1, agent: plugin.name },
      { envPlugin: env.plugin, envOptions: env.options, agent, privileged: plugin.privileged ?? false, counter, stepLimit, stepTimeoutMs },
    );
    if (record.error !== null) failures.push(`${episode.id} at step ${record.steps + 1}: ${record.error}`);
    steps += record.steps;
    if (record.success) solved++;
  }
  const n = episodes.length;
  if (failures.length) return { name, ok: false, detail: `${failures.length}/${n} episodes failed; first: ${failures[0]}` };
  return { name, ok: true, detail: `${episodeCount(n)}, ${steps} steps, ${solved} solved` };
}
