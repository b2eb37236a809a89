import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { EXPORT_FORMATS, type ExportFormat, ExportInputError, type ExportOutcome } from '../export/export.ts';
import { exportRun } from '../export/from-run.ts';
import { exportSuite } from '../export/from-suite.ts';
import { createProgress } from '../runner/progress.ts';
import { loadRunSuite } from '../runner/run.ts';
import { loadSuite } from '../spec/load.ts';
import { exitOnInputError, exitWithUsageError } from './errors.ts';

interface ExportFlags {
  out: string;
  format?: ExportFormat[];
  split: string;
  seed?: number;
  stepLimit?: number;
  quiet?: boolean;
  version: string;
}

/**
 * `harness export <suite|run-dir> --out <dir>`: training data for fine-tuning a real LLM. Exit codes as `run`:
 * 0 everything exported, 1 some episodes failed (listed in the manifest), 2 bad input (nothing written),
 * 130 interrupted (nothing kept).
 */
export async function exportCommand(source: string, flags: ExportFlags): Promise<void> {
  const isRun = existsSync(source) && statSync(source).isDirectory();
  const loaded = await exitOnInputError(() => (isRun ? loadRunSuite(resolve(source)) : loadSuite(source)));
  if (isRun && (flags.seed !== undefined || flags.stepLimit !== undefined)) {
    exitWithUsageError('--seed and --step-limit apply to a suite (its expert episodes), not to a run folder');
  }

  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    console.error('\nStopping after the current episode; the partial export is removed. Ctrl-C again to quit at once.');
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  const options = {
    out: flags.out,
    formats: flags.format ?? null,
    split: flags.split,
    seed: flags.seed,
    stepLimit: flags.stepLimit,
    progress: createProgress({ quiet: flags.quiet ?? false }),
    signal: controller.signal,
    version: flags.version,
  };
  let outcome: ExportOutcome;
  try {
    outcome = isRun ? await exportRun(resolve(source), loaded, options) : await exportSuite(loaded, options);
  } catch (error) {
    if (error instanceof ExportInputError) exitWithUsageError(error.message);
    throw error;
  }
  if (outcome.interrupted) {
    console.error('Interrupted: nothing was written.');
    process.exit(130);
  }
  const shown = relative(process.cwd(), outcome.dir) || '.';
  for (const [path, size] of Object.entries(outcome.files))
    console.log(`${path.padEnd(44)} ${String(size.lines).padStart(9)} lines ${formatBytes(size.bytes).padStart(10)}`);
  console.log(`Export folder: ${shown}`);
  if (outcome.skipped > 0) console.log(`${outcome.skipped} episode(s) left out on purpose: see "skipped" in ${shown}/manifest.json`);
  if (outcome.failures > 0) {
    console.log(`${outcome.failures} episode(s) failed with a plugin error: see "failures" in ${shown}/manifest.json`);
    process.exit(1);
  }
  process.exit(0);
}

export function parseFormats(value: string): ExportFormat[] {
  const formats = value.split(',').map((f) => f.trim());
  const unknown = formats.filter((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0) throw new Error(`unknown format ${unknown.join(', ')}: choose from ${EXPORT_FORMATS.join(', ')}`);
  return [...new Set(formats)] as ExportFormat[];
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
