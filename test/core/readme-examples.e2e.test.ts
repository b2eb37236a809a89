import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness, readEpisodes, repoRoot, tempDir } from '../helpers.ts';

/** The files of the README's plugin guide: each fenced block preceded by `<!-- example: <file> -->`. */
function readmeExamples(): Map<string, string> {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const examples = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)) examples.set(match[1], match[2] + '\n');
  return examples;
}

/** A folder outside the repository, as a user's project with the harness installed would be. */
function userProject(): string {
  const dir = tempDir('harness-user-');
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules', 'step-hrl-harness'), 'dir');
  for (const [file, text] of readmeExamples()) writeFileSync(join(dir, file), text);
  return dir;
}

describe("the README's plugin guide", () => {
  it('has an example of every plugin kind and a suite using them', () => {
    expect([...readmeExamples().keys()]).toEqual(['key-room.ts', 'word-overlap.ts', 'invalid-rate.ts', 'leaderboard.ts', 'suite.yaml']);
  });

  it('runs as written, from a project outside the repository', () => {
    const dir = userProject();
    const { code, stdout, stderr } = harness(['run', 'suite.yaml', '--out', 'run', '--quiet', '--workers', '0'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/invalid %/);
    const records = readEpisodes(join(dir, 'run'));
    expect(records).toHaveLength(3 * 6);
    const of = (agent: string) => records.filter((r) => r.agent === agent);
    expect(of('oracle').every((r) => r.success && r.steps === 4)).toBe(true);
    expect(of('word-overlap').every((r) => r.tokens.byRole.policy.calls === r.steps && r.tokens.prompt > 0)).toBe(true);
    const leaderboard = readFileSync(join(dir, 'run', 'leaderboard.txt'), 'utf8')
      .trim()
      .split('\n');
    expect(leaderboard).toContain('key-room test oracle 100.0%');
    expect(leaderboard).toHaveLength(3);
  });

  it('its env passes the conformance check', () => {
    const dir = userProject();
    const { code, stdout } = harness(['check', './key-room.ts'], dir);
    expect(stdout).toMatch(/All checks passed/);
    expect(code).toBe(0);
  });
});
