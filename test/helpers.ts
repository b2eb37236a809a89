import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EpisodeRecord } from '../harness/api.ts';

export const repoRoot = resolve(import.meta.dirname, '..');
export const bin = join(repoRoot, 'harness/bin.mjs');
export const fixture = (name: string) => join(repoRoot, 'test/fixtures/plugins', name);

export function tempDir(prefix = 'harness-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a suite file into `dir` and returns its path. */
export function writeSuite(dir: string, text: string, name = 'suite.yaml'): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Runs the harness CLI to completion: with `env` added to its environment; killed after `timeoutMs` (code null). */
export function harness(args: string[], cwd = repoRoot, options: { env?: Record<string, string>; timeoutMs?: number } = {}) {
  const env = { ...process.env, FORCE_COLOR: '0', ...options.env };
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env, timeout: options.timeoutMs });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the harness CLI without waiting (for kill tests). */
export function harnessProcess(args: string[], cwd = repoRoot) {
  return spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function readEpisodes(runDir: string): EpisodeRecord[] {
  return readFileSync(join(runDir, 'episodes.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** Records without wall-clock fields, in canonical order: what must be identical across equivalent runs. */
export function comparable(records: EpisodeRecord[]) {
  return records
    .map(({ durationMs: _, ...rest }) => rest)
    .sort((a, b) => JSON.stringify([a.env, a.split, a.agent, a.seed, a.episode]).localeCompare(JSON.stringify([b.env, b.split, b.agent, b.seed, b.episode])));
}
