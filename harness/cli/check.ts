import { isAbsolute, resolve } from 'node:path';
import type { PluginKind } from '../api.ts';
import { checkPlugin } from '../check/plugin.ts';
import { builtinPath } from '../plugins/builtins.ts';
import { ImportTimeoutError, importWithTimeout } from '../plugins/import-with-timeout.ts';
import { loadPlugin, PluginError } from '../plugins/load.ts';
import { describeLoadError } from '../plugins/load-error.ts';

const kinds: PluginKind[] = ['env', 'agent', 'metric', 'reporter'];

interface CheckFlags {
  kind?: PluginKind;
  options: Record<string, unknown>;
  episodes?: number;
  stepLimit: number;
}

/** `harness check <plugin>`: prints each conformance check; exits 1 if any failed, 2 if the plugin cannot load. */
export async function checkCommand(target: string, flags: CheckFlags): Promise<void> {
  let kind: PluginKind;
  try {
    kind = flags.kind ?? (await guessKind(target));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  let plugin: Awaited<ReturnType<typeof loadPlugin>>['plugin'];
  try {
    plugin = (await loadPlugin(kind, target, process.cwd())).plugin;
  } catch (e) {
    if (!(e instanceof PluginError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
  console.log(`Checking ${kind} plugin "${plugin.name}" ${plugin.version}`);
  const results = await checkPlugin(plugin, flags.options, {
    stepLimit: flags.stepLimit,
    episodesPerSplit: flags.episodes,
    onEpisode: process.stderr.isTTY ? (split, done, total) => process.stderr.write(`\r  ${split}: ${done}/${total}   `) : undefined,
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  for (const r of results) console.log(`${r.ok ? '✓' : '✗'} ${r.name}${r.detail ? ` — ${r.detail}` : ''}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(failed ? `${failed} check(s) failed` : 'All checks passed');
  process.exit(failed ? 1 : 0);
}

/** A built-in name says its kind by where it lives; a file says it in its default export. */
async function guessKind(target: string): Promise<PluginKind> {
  const found = kinds.filter((k) => builtinPath(k, target));
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new Error(`"${target}" names plugins of several kinds (${found.join(', ')}); add --kind`);
  if (target.startsWith('.') || isAbsolute(target)) {
    const file = resolve(target);
    const module = (await importWithTimeout(file).catch((e) => {
      throw new Error(`cannot import ${target}: ${e instanceof ImportTimeoutError ? e.message : describeLoadError(e, file)}`);
    })) as { default?: { kind?: PluginKind } };
    const kind = module.default?.kind as PluginKind;
    if (kinds.includes(kind)) return kind;
    throw new Error(`${target} does not default-export a plugin (kind is ${JSON.stringify(kind)})`);
  }
  throw new Error(`no built-in plugin "${target}"; give a path, or --kind for an npm package`);
}
