import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { PluginKind } from '../api.ts';
import { builtinNames, builtinPath } from '../plugins/builtins.ts';
import { importHint } from '../plugins/import-hint.ts';
import { ImportTimeoutError, importWithTimeout } from '../plugins/import-with-timeout.ts';
import { type LoadedPlugin, loadPlugin, PluginError, resolvePlugin } from '../plugins/load.ts';
import { describeLoadError } from '../plugins/load-error.ts';
import { didYouMean } from '../schema/suggest.ts';

export const pluginKinds: PluginKind[] = ['env', 'agent', 'metric', 'reporter'];

/**
 * The plugin a command names (`harness list`, `harness check`): a built-in name, whose folder says its kind,
 * or a path (relative to the working folder) or installed package, whose default export says it. Throws a
 * PluginError written for the user, with a did-you-mean among the built-in names (and `alsoKnown`).
 */
export async function loadTarget(target: string, options: { kind?: PluginKind; alsoKnown?: string[] } = {}): Promise<LoadedPlugin> {
  const cwd = process.cwd();
  if (options.kind) return loadPlugin(options.kind, target, cwd);
  const builtin = pluginKinds.filter((k) => builtinPath(k, target));
  if (builtin.length > 1) throw new PluginError(`"${target}" names plugins of several kinds (${builtin.join(', ')}); add --kind`);
  if (builtin.length === 1) return loadPlugin(builtin[0], target, cwd);

  const isPath = target.startsWith('.') || isAbsolute(target);
  let file: string;
  try {
    file = resolvePlugin('env', target, cwd).file;
  } catch (e) {
    if (!(e instanceof PluginError)) throw e;
    if (!isPath && existsSync(target)) throw new PluginError(`no built-in plugin or installed package "${target}"; for the file, write ./${target}`);
    const known = [...(options.alsoKnown ?? []), ...pluginKinds.flatMap(builtinNames)];
    throw new PluginError(isPath ? `no plugin file at ${target}` : `no built-in plugin or installed package "${target}"${didYouMean(target, known)}`);
  }
  let module: { default?: { kind?: unknown } };
  try {
    module = (await importWithTimeout(file)) as typeof module;
  } catch (e) {
    throw new PluginError(`cannot import ${target}: ${e instanceof ImportTimeoutError ? e.message : describeLoadError(e, file)}${importHint(e)}`);
  }
  const kind = module.default?.kind as PluginKind;
  if (!pluginKinds.includes(kind)) {
    throw new PluginError(`${target} does not default-export a plugin (its "kind" is ${JSON.stringify(kind)}; expected one of ${pluginKinds.join(', ')})`);
  }
  return loadPlugin(kind, target, cwd);
}
