import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This harness's own folder: what a plugin's project installs to get `step-hrl-harness/api`. */
const harnessRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * For a plugin that failed to import because `step-hrl-harness` is not installed where the plugin lives (a
 * plugin outside this repository): how to install it. Empty for any other failure.
 */
export function importHint(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!/Cannot find (module|package) '?step-hrl-harness/.test(message)) return '';
  return ` — the plugin imports step-hrl-harness, which is not installed for it: run "npm install ${harnessRoot}" (or the harness's git URL) in the plugin's project`;
}
