import type { EpisodeRecord, Plugin } from '../api.ts';
import { validateOptions } from '../schema/compile.ts';
import { type AgentCheckOptions, checkAgent } from './agent.ts';
import { type EnvProbe, probeEnv } from './capabilities.ts';
import { type CheckResult, checkEnv, type EnvCheckOptions } from './env.ts';

/** A small record with every field, for checking that a metric returns a number or null. */
const sampleRecord: EpisodeRecord = {
  env: 'check',
  split: 'seen',
  agent: 'check',
  seed: 1,
  episode: 'check-0',
  task: 'check',
  variation: 0,
  success: true,
  score: 100,
  reward: 1,
  steps: 2,
  progress: 1,
  tokens: { total: 30, prompt: 24, completion: 6, perStep: [15, 15], byRole: { policy: { prompt: 24, completion: 6, calls: 2 } } },
  trajectory: [],
  error: null,
  end: 'done',
  durationMs: 1,
};

export interface PluginCheckOptions {
  env: Omit<EnvCheckOptions, 'options'>;
  /** What an agent plays (needed for an agent only). */
  agent?: AgentCheckOptions;
  /** Time allowed for each plugin call of the capability probe. */
  stepTimeoutMs: number;
}

export interface PluginCheck {
  results: CheckResult[];
  /** For an env: what it offers agents (null when the probe itself failed, which is then a failed check). */
  capabilities?: EnvProbe | null;
}

/** Conformance checks for any plugin kind (the shape itself was checked when it loaded). */
export async function checkPlugin(plugin: Plugin, options: Record<string, unknown>, opts: PluginCheckOptions): Promise<PluginCheck> {
  const results: CheckResult[] = [
    { name: `shape of ${/^[aeiou]/.test(plugin.kind) ? 'an' : 'a'} ${plugin.kind} plugin`, ok: true, detail: `${plugin.name} ${plugin.version}` },
  ];
  let resolved: Record<string, unknown>;
  try {
    resolved = validateOptions(plugin.optionsSchema, options);
    results.push({ name: 'options are valid (defaults filled in)', ok: true, detail: JSON.stringify(resolved) });
  } catch (e) {
    results.push({ name: 'options are valid', ok: false, detail: (e as Error).message });
    return { results };
  }
  switch (plugin.kind) {
    case 'env': {
      results.push(...(await checkEnv(plugin, { ...opts.env, options: resolved })));
      const split = plugin.splits.includes('train') ? 'train' : plugin.splits[0];
      try {
        const capabilities = await probeEnv(plugin, resolved, { split, seed: opts.env.seed ?? 1, timeoutMs: opts.stepTimeoutMs });
        return { results, capabilities };
      } catch (e) {
        results.push({ name: 'capabilities can be probed', ok: false, detail: `${split}: ${(e as Error).message}` });
        return { results, capabilities: null };
      }
    }
    case 'agent':
      if (!opts.agent) throw new Error('checking an agent needs an env to play');
      results.push(...(await checkAgent(plugin, resolved, opts.agent)));
      break;
    case 'metric':
      results.push(
        await attempt('value() returns a finite number or null', async () => {
          const value = plugin.value(sampleRecord, resolved);
          if (value !== null && !(typeof value === 'number' && Number.isFinite(value))) throw new Error(`returned ${JSON.stringify(value)}`);
          return `sample value ${value}`;
        }),
      );
      break;
    case 'reporter':
      break;
  }
  return { results };
}

async function attempt(name: string, body: () => Promise<string>): Promise<CheckResult> {
  try {
    return { name, ok: true, detail: await body() };
  } catch (e) {
    return { name, ok: false, detail: (e as Error).message };
  }
}
