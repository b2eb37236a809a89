/**
 * The `python` plugin's options: which interpreter runs which adapter with which arguments, and how long
 * each kind of call may take. Defaults are filled in by the harness from the schema.
 */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonSchema } from '../../../harness/api.ts';
import type { LaunchSpec } from './process.ts';

export interface PythonOptions {
  python: string;
  adapter: string;
  adapterArgs: Record<string, unknown>;
  env: Record<string, string>;
  startTimeoutMs: number;
  callTimeoutMs: number;
  listTimeoutMs: number;
  reuseProcess: boolean;
}

/** Adapters shipped with the plugin, by the short name a suite may use. */
export const SHIPPED_ADAPTERS: Record<string, string> = {
  scienceworld: fileURLToPath(new URL('./adapters/scienceworld_adapter.py', import.meta.url)),
  alfworld: fileURLToPath(new URL('./adapters/alfworld_adapter.py', import.meta.url)),
};

export const DEFAULTS: Omit<PythonOptions, 'adapter'> = {
  python: 'python3',
  adapterArgs: {},
  env: {},
  startTimeoutMs: 60_000,
  callTimeoutMs: 30_000,
  listTimeoutMs: 600_000,
  reuseProcess: true,
};

const ms = (description: string, value: number): JsonSchema => ({ type: 'integer', minimum: 1, default: value, description });

export const optionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['adapter'],
  properties: {
    adapter: {
      type: 'string',
      minLength: 1,
      description: `"scienceworld" or "alfworld" (the shipped adapters), a path to an adapter .py file (relative to the working directory), or an importable Python module.`,
    },
    python: {
      type: 'string',
      minLength: 1,
      default: DEFAULTS.python,
      description: "The Python interpreter (a command on PATH or a path, e.g. a virtualenv's bin/python).",
    },
    adapterArgs: { type: 'object', default: {}, description: "Passed to the adapter's constructor as a dict (see each adapter's docstring)." },
    env: {
      type: 'object',
      additionalProperties: { type: 'string' },
      default: {},
      description: 'Extra environment variables for the Python process (e.g. ALFWORLD_DATA, JAVA_HOME).',
    },
    startTimeoutMs: ms('Time for the process to start and load the adapter (ScienceWorld starts a JVM).', DEFAULTS.startTimeoutMs),
    callTimeoutMs: ms(
      "Time for one reset, step, valid_actions, expert or close call. Keep it below the suite's stepTimeoutMs so the plugin, not the runner, stops a stalled process.",
      DEFAULTS.callTimeoutMs,
    ),
    listTimeoutMs: ms('Time for listing the episodes of a split (ScienceWorld loads every task once).', DEFAULTS.listTimeoutMs),
    reuseProcess: {
      type: 'boolean',
      default: DEFAULTS.reuseProcess,
      description: 'Keep a process that ended its episode cleanly for the next episode (false: one process per episode).',
    },
  },
};

export function resolveOptions(options: Partial<PythonOptions> | undefined): PythonOptions {
  const merged = { ...DEFAULTS, ...(options ?? {}) } as PythonOptions;
  if (typeof merged.adapter !== 'string' || !merged.adapter) {
    throw new Error('python: the "adapter" option is required ("scienceworld", "alfworld", a .py file or a module)');
  }
  return merged;
}

export function launchSpec(options: PythonOptions): LaunchSpec {
  return { python: expandHome(options.python), adapter: adapterLocation(options.adapter), adapterArgs: options.adapterArgs, env: options.env };
}

function adapterLocation(adapter: string): string {
  if (SHIPPED_ADAPTERS[adapter]) return SHIPPED_ADAPTERS[adapter];
  const path = expandHome(adapter);
  if (path.endsWith('.py') || path.includes('/')) return isAbsolute(path) ? path : resolve(process.cwd(), path);
  return path;
}

/** `~/…` as a shell would read it: suites name virtualenv interpreters that way. */
function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}
