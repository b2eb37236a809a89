import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, harness, tempDir, writeSuite } from '../helpers.ts';

function dryRunSuite() {
  const dir = tempDir();
  const file = writeSuite(
    dir,
    [
      'name: dry',
      'tokenizer: whitespace',
      'envs:',
      `  - use: ${fixture('corridor-env.ts')}`,
      '    splits: { train: {}, seen: {} }',
      'agents:',
      `  - { use: ${fixture('faulty-agent.ts')}, id: walker, options: { mode: throw } }`,
    ].join('\n'),
  );
  return { dir, file };
}

describe('harness run --dry-run', () => {
  it('ends each episode with its outcome: steps, success, score and how it ended', () => {
    const { dir, file } = dryRunSuite();
    const { code, stdout } = harness(['run', file, '--dry-run'], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/─── 2 steps, \d+ tokens · outcome: success, score 100, ended: done\n/);
    expect(existsSync(join(dir, 'results'))).toBe(false);
  });

  it('stops after --steps n, and says so', () => {
    const { dir, file } = dryRunSuite();
    const { code, stdout } = harness(['run', file, '--dry-run', '--steps', '1'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('── step 0 · policy');
    expect(stdout).not.toContain('── step 1 · policy');
    expect(stdout).toMatch(/─── 1 step, \d+ tokens · outcome: no success, score 50, ended: stopped by --steps 1\n/);
  });

  it('takes --steps only with --dry-run', () => {
    const { dir, file } = dryRunSuite();
    const { code, stderr } = harness(['run', file, '--steps', '3'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('--steps goes with --dry-run');
  });
});
