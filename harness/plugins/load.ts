import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import type { Plugin, PluginKind } from '../api.ts';
import { didYouMean } from '../schema/suggest.ts';
import { builtinNames, builtinPath } from './builtins.ts';
import { importHint } from './import-hint.ts';
import { ImportTimeoutError, importWithTimeout } from './import-with-timeout.ts';
import { describeLoadError } from './load-error.ts';
import { shapeProblems } from './shape.ts';

export type PluginOf<K extends PluginKind> = Extract<Plugin, { kind: K }>;

export interface LoadedPlugin<K extends PluginKind = PluginKind> {
  plugin: PluginOf<K>;
  /** Where it came from: `builtin`, `file` or `package`, and the file that was imported. */
  origin: 'builtin' | 'file' | 'package';
  file: string;
}

/** Why a plugin could not be used; the message is written for the suite's author. */
export class PluginError extends Error {
  override name = 'PluginError';
}

const cache = new Map<string, Promise<unknown>>();

/**
 * Resolves what a suite wrote after `use:` and imports it: a built-in name (`alfworld`), a path relative to
 * `baseDir` (`./my-env.ts`), or an npm package name. The default export is checked for the kind's shape.
 */
export async function loadPlugin<K extends PluginKind>(kind: K, use: string, baseDir: string): Promise<LoadedPlugin<K>> {
  const { file, origin } = resolvePlugin(kind, use, baseDir);
  let module: { default?: unknown };
  try {
    if (!cache.has(file)) cache.set(file, importWithTimeout(file));
    module = (await cache.get(file)) as { default?: unknown };
  } catch (e) {
    cache.delete(file);
    if (e instanceof ImportTimeoutError) throw new PluginError(`${kind} plugin "${use}" ${e.message}`);
    throw new PluginError(`${kind} plugin "${use}" failed to load: ${describeLoadError(e, file)}${importHint(e)}`);
  }
  const problems = shapeProblems(module.default, kind);
  if (problems.length) throw new PluginError(`${kind} plugin "${use}" is malformed: ${problems.join('; ')}`);
  const plugin = module.default as PluginOf<K>;
  if (origin === 'builtin' && plugin.name !== use) {
    throw new PluginError(`built-in ${kind} plugin in folder "${use}" is named "${plugin.name}"`);
  }
  return { plugin, origin, file };
}

export function resolvePlugin(kind: PluginKind, use: string, baseDir: string): { file: string; origin: LoadedPlugin['origin'] } {
  if (use.startsWith('.') || isAbsolute(use)) {
    const file = resolve(baseDir, use);
    const candidates = [file, `${file}.ts`, `${file}.js`, `${file}.mjs`, join(file, 'index.ts'), join(file, 'index.js')];
    const found = candidates.find(isFile);
    if (!found) throw new PluginError(`${kind} plugin file not found: ${use} (looked for ${file})`);
    return { file: found, origin: 'file' };
  }
  const builtin = builtinPath(kind, use);
  if (builtin) return { file: builtin, origin: 'builtin' };
  try {
    return { file: createRequire(join(baseDir, 'suite.yaml')).resolve(use), origin: 'package' };
  } catch {
    const known = builtinNames(kind);
    const hint = didYouMean(use, known);
    throw new PluginError(
      `unknown ${kind} plugin "${use}"${hint} — not a built-in (${known.join(', ') || 'none'}), ` +
        'not a relative path, and no npm package of that name is installed',
    );
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
