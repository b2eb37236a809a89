import type { EpisodeRecord, Plugin } from '../api.ts';
import { validateOptions } from '../schema/compile.ts';
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

/** Conformance checks for any plugin kind (the shape itself was checked when it loaded). */
export async function checkPlugin(plugin: Plugin, options: Record<string, unknown>, envOptions: Omit<EnvCheckOptions, 'options'>): Promise<CheckResult[]> {
  const results: CheckResult[] = [{ name: `shape of a ${plugin.kind} plugin`, ok: true, detail: `${plugin.name} ${plugin.version}` }];
  let resolved: Record<string, unknown>;
  try {
    resolved = validateOptions(plugin.optionsSchema, options);
    results.push({ name: 'options are valid (defaults filled in)', ok: true, detail: JSON.stringify(resolved) });
  } catch (e) {
    results.push({ name: 'options are valid', ok: false, detail: (e as Error).message });
    return results;
  }
  switch (plugin.kind) {
    case 'env':
      results.push(...(await checkEnv(plugin, { ...envOptions, options: resolved })));
      break;
    case 'agent':
      results.push(
        await attempt('create() returns an agent with reset() and act()', async () => {
          const agent = await plugin.create(resolved, {
            seed: 1,
            env: 'check',
            agent: plugin.name,
            envPlugin: 'check',
            countTokens: (text) => text.split(/\s+/).filter(Boolean).length,
            recordRuntime: () => {},
          });
          if (typeof agent?.reset !== 'function' || typeof agent.act !== 'function') throw new Error('missing reset() or act()');
          await agent.dispose?.();
          return [agent.train && 'trains', agent.save && 'saves', agent.load && 'loads'].filter(Boolean).join(', ') || 'no training';
        }),
      );
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
  return results;
}

async function attempt(name: string, body: () => Promise<string>): Promise<CheckResult> {
  try {
    return { name, ok: true, detail: await body() };
  } catch (e) {
    return { name, ok: false, detail: (e as Error).message };
  }
}
