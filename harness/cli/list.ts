import type { Plugin, PluginKind } from '../api.ts';
import { builtinNames, builtinPath } from '../plugins/builtins.ts';
import { loadPlugin } from '../plugins/load.ts';
import { textTable } from '../report/text-table.ts';
import { validateOptions } from '../schema/compile.ts';

const kinds: PluginKind[] = ['env', 'agent', 'metric', 'reporter'];

/** `harness list [kind|name]`: the built-in plugins with their descriptions, or one plugin in detail. */
export async function listCommand(what?: string): Promise<void> {
  if (what && !kinds.includes(what as PluginKind)) {
    const kind = kinds.find((k) => builtinPath(k, what));
    if (!kind) {
      console.error(`no built-in plugin or kind "${what}" (kinds: ${kinds.join(', ')})`);
      process.exit(2);
    }
    console.log(await describePlugin((await loadPlugin(kind, what, process.cwd())).plugin));
    return;
  }
  for (const kind of what ? [what as PluginKind] : kinds) {
    const rows: string[][] = [];
    for (const name of builtinNames(kind)) {
      const { plugin } = await loadPlugin(kind, name, process.cwd());
      rows.push([name, plugin.version, plugin.description]);
    }
    console.log(`${kind} plugins\n${textTable(['name', 'version', 'description'], rows, [false, false, false])}\n`);
  }
}

async function describePlugin(plugin: Plugin): Promise<string> {
  const lines = [`${plugin.name} ${plugin.version} (${plugin.kind})`, plugin.description, ''];
  const properties = (plugin.optionsSchema?.properties ?? {}) as Record<string, { description?: string; default?: unknown; enum?: unknown[]; type?: unknown }>;
  if (Object.keys(properties).length) {
    lines.push('options:');
    for (const [name, schema] of Object.entries(properties)) {
      const type = schema.enum ? schema.enum.join(' | ') : String(schema.type ?? 'any');
      const fallback = schema.default !== undefined ? ` (default ${JSON.stringify(schema.default)})` : '';
      lines.push(`  ${name}: ${type}${fallback}${schema.description ? ` — ${schema.description}` : ''}`);
    }
    lines.push('');
  }
  if (plugin.kind === 'env') {
    lines.push(`splits: ${plugin.splits.join(', ')}`);
    if (plugin.describe) {
      try {
        lines.push('', await plugin.describe(validateOptions(plugin.optionsSchema, {}) as never));
      } catch (e) {
        // Plugins with required options (a server URL, an adapter) cannot describe themselves without them.
        lines.push('', `(episode counts need options: ${(e as Error).message})`);
      }
    }
  }
  return lines.join('\n');
}
