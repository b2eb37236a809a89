import type { PluginKind } from '../api.ts';
import { builtinNames } from '../plugins/builtins.ts';
import { loadPlugin } from '../plugins/load.ts';
import { textTable } from '../report/text-table.ts';
import { describePlugin } from './describe.ts';
import { exitOnInputError } from './errors.ts';
import { loadTarget, pluginKinds } from './target.ts';

/** `harness list [kind|plugin]`: the built-in plugins with their descriptions, or one plugin (built-in, path or package) in detail. */
export async function listCommand(what?: string): Promise<void> {
  if (what && !pluginKinds.includes(what as PluginKind)) {
    const { plugin } = await exitOnInputError(() => loadTarget(what, { alsoKnown: pluginKinds }));
    console.log(await describePlugin(plugin));
    return;
  }
  for (const kind of what ? [what as PluginKind] : pluginKinds) {
    const rows: string[][] = [];
    for (const name of builtinNames(kind)) {
      const { plugin } = await loadPlugin(kind, name, process.cwd());
      rows.push([name, plugin.version, plugin.description]);
    }
    console.log(`${kind} plugins\n${textTable(['name', 'version', 'description'], rows, [false, false, false])}\n`);
  }
}
