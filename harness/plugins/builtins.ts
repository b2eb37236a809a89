import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PluginKind } from '../api.ts';

/** The repository's `plugins/` folder: built-in plugins live at `plugins/<kind>s/<name>/index.ts`. */
export const pluginsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../plugins');

export const kindFolders: Record<PluginKind, string> = {
  env: 'envs',
  agent: 'agents',
  metric: 'metrics',
  reporter: 'reporters',
};

/** Built-in plugin names of a kind, found on disk (a folder with an index.ts), sorted. */
export function builtinNames(kind: PluginKind): string[] {
  const folder = join(pluginsRoot, kindFolders[kind]);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(folder, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

export function builtinPath(kind: PluginKind, name: string): string | null {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) return null;
  const file = join(pluginsRoot, kindFolders[kind], name, 'index.ts');
  return existsSync(file) ? file : null;
}
