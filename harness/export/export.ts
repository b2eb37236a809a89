/**
 * `harness export`: the paper's training data, for fine-tuning a real LLM elsewhere — from a suite's expert
 * demonstrations (`from-suite.ts`: the reference, chat and rl formats) or from a run folder's logged episodes
 * (`from-run.ts`: rl). What both take and give, and the export folder's layout version.
 *
 * Memory is bounded by one episode whatever the size; the output depends only on the suite (or run) and the
 * seed. `manifest.json` lists what was exported, with counts and sizes.
 */
import type { ProgressDisplay } from '../runner/progress.ts';

export const EXPORT_FORMATS = ['reference', 'chat', 'rl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The version of the export folder's layout, in its manifest. */
export const EXPORT_LAYOUT = 'step-hrl-harness/export@1';

export interface ExportOptions {
  out: string;
  /** null: every format the source gives. */
  formats: ExportFormat[] | null;
  split: string;
  /** The seed envs are created with (default: the suite's first). */
  seed?: number;
  /** Overrides each env's step limit for the expert episodes. */
  stepLimit?: number;
  progress: ProgressDisplay;
  signal?: AbortSignal;
  version: string;
}

export interface ExportOutcome {
  dir: string;
  files: Record<string, { lines: number; bytes: number }>;
  /** Episodes (or an agent's imitation of one) that failed with a plugin error; listed in the manifest. */
  failures: number;
  /** Episodes left out on purpose (the expert did not succeed; a logged episode with no calls). */
  skipped: number;
  /** Stopped by the signal: nothing was kept. */
  interrupted: boolean;
}

/** Bad input (a split the suite lacks, a format the source cannot give, an --out that is taken, a damaged log): exit 2, nothing written. */
export class ExportInputError extends Error {}

export interface Failure {
  env: string;
  episode: string;
  agent?: string;
  error: string;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
