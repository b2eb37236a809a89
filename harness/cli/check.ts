import { ENV_CAPABILITIES, type EnvCapability, type PluginKind } from '../api.ts';
import { agentsNeeding, andList, capabilityNames, type EnvProbe, ruledOut } from '../check/capabilities.ts';
import { checkPlugin } from '../check/plugin.ts';
import { builtinNames } from '../plugins/builtins.ts';
import { loadPlugin } from '../plugins/load.ts';
import { validateOptions } from '../schema/compile.ts';
import { exitOnInputError } from './errors.ts';
import { loadTarget } from './target.ts';

interface CheckFlags {
  kind?: PluginKind;
  options: Record<string, unknown>;
  episodes?: number;
  stepLimit: number;
  /** For an agent: the env whose episodes it plays. */
  env: string;
}

/** Time allowed for each plugin call, as a suite's default `stepTimeoutMs`. */
const CALL_TIMEOUT_MS = 60_000;
/** Episodes an agent plays unless `--episodes` says otherwise. */
const AGENT_EPISODES = 3;

/** `harness check <plugin>`: prints each conformance check; exits 1 if any failed, 2 if the plugin cannot load. */
export async function checkCommand(target: string, flags: CheckFlags): Promise<void> {
  const { plugin } = await exitOnInputError(() => loadTarget(target, { kind: flags.kind }));
  const agentEnv =
    plugin.kind === 'agent'
      ? await exitOnInputError(async () => {
          const env = (await loadPlugin('env', flags.env, process.cwd())).plugin;
          return { name: flags.env, plugin: env, options: validateOptions(env.optionsSchema, {}) };
        })
      : undefined;
  console.log(`Checking ${plugin.kind} plugin "${plugin.name}" ${plugin.version}`);
  const { results, capabilities } = await checkPlugin(plugin, flags.options, {
    stepTimeoutMs: CALL_TIMEOUT_MS,
    env: {
      stepLimit: flags.stepLimit,
      episodesPerSplit: flags.episodes,
      onEpisode: process.stderr.isTTY ? (split, done, total) => process.stderr.write(`\r  ${split}: ${done}/${total}   `) : undefined,
    },
    agent: agentEnv && { env: agentEnv, episodes: flags.episodes ?? AGENT_EPISODES, stepLimit: flags.stepLimit, stepTimeoutMs: CALL_TIMEOUT_MS },
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  for (const r of results) console.log(`${r.ok ? '✓' : '✗'} ${r.name}${r.detail ? ` — ${r.detail}` : ''}`);
  const lacking = capabilities ? await printCapabilities(capabilities) : '';
  const failed = results.filter((r) => !r.ok).length;
  if (failed) console.log(`${failed} check(s) failed`);
  else console.log(lacking ? `All checks passed, but ${lacking}` : 'All checks passed');
  process.exit(failed ? 1 : 0);
}

/**
 * Prints what the env offers agents, and for each capability it lacks, the built-in agents that need it.
 * Returns, for the closing line, what it lacks that rules agents out (empty when nothing does).
 */
async function printCapabilities(probe: EnvProbe): Promise<string> {
  const agents = await Promise.all(builtinNames('agent').map(async (name) => (await loadPlugin('agent', name, process.cwd())).plugin));
  console.log(`Capabilities (probed on ${probe.split} episode ${probe.episode}):`);
  const lacking: EnvCapability[] = [];
  for (const capability of capabilityNames) {
    const text = ENV_CAPABILITIES[capability];
    const why = probe.missing[capability];
    if (!why) {
      console.log(`  ✓ ${text}`);
      continue;
    }
    const needing = agentsNeeding(capability, agents);
    console.log(`  – ${text}: ${why}${needing.length ? `; needed by ${needing.join(', ')}` : ''}`);
    if (needing.length) lacking.push(capability);
  }
  if (!lacking.length) return '';
  const names = lacking.map((c) => ENV_CAPABILITIES[c].replace(/ \(.*\)$/, ''));
  return `it lacks ${andList(names)}: ${ruledOut(lacking, agents)}`;
}
