import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultId } from '../../harness/spec/load.ts';
import { harness, readEpisodes, repoRoot, tempDir } from '../helpers.ts';

const readme = () => readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** The files of the README's plugin guide: each fenced block preceded by `<!-- example: <file> -->`. */
function readmeExamples(): Map<string, string> {
  const examples = new Map<string, string>();
  for (const match of readme().matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)) examples.set(match[1], match[2] + '\n');
  return examples;
}

/**
 * A folder outside the repository, as a user's project would be: the README's files, with the harness
 * installed as the README says (`npm install <path>` links the folder), or not installed at all.
 */
function userProject({ installed = true } = {}): string {
  const dir = tempDir('harness-user-');
  if (installed) {
    mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
    symlinkSync(repoRoot, join(dir, 'node_modules', 'step-hrl-harness'), 'dir');
    symlinkSync(join(repoRoot, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
  }
  for (const [file, text] of readmeExamples()) writeFileSync(join(dir, file), text);
  return dir;
}

/** `npx tsc` in the project, with the TypeScript this repository uses. */
function typecheck(dir: string) {
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')], { cwd: dir, encoding: 'utf8' });
  return { code: result.status, output: result.stdout + result.stderr };
}

describe("the README's plugin guide", () => {
  it('has an example of every plugin kind and a suite using them', () => {
    expect([...readmeExamples().keys()]).toEqual(['key-room.ts', 'word-overlap.ts', 'invalid-rate.ts', 'leaderboard.ts', 'suite.yaml', 'tsconfig.json']);
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
    expect(stdout).toMatch(/^All checks passed$/m);
    expect(code).toBe(0);
  });

  it("its tsconfig typechecks the plugins, the learning kit's users included, and catches a type error", () => {
    const dir = userProject();
    writeFileSync(
      join(dir, 'learner.ts'),
      "import { definePlugin } from 'step-hrl-harness/api';\nimport { initBackend } from 'step-hrl-harness/learn';\n\n" +
        "export default definePlugin({ kind: 'agent', name: 'learner', version: '1', description: 'x', create: async () => { await initBackend('cpu'); return { reset() {}, act: (view) => ({ action: view.validActions[0], calls: [] }) }; } });\n",
    );
    expect(typecheck(dir)).toEqual({ code: 0, output: '' });
    writeFileSync(join(dir, 'broken.ts'), readmeExamples().get('key-room.ts')!.replace('reward: 0, score:', "reward: 'none', score:"));
    const broken = typecheck(dir);
    expect(broken.output).toMatch(/^broken\.ts\(\d+,\d+\): error TS2322/m);
    expect(broken.code).not.toBe(0);
  });

  it('tells a plugin author whose project lacks the harness how to install it', () => {
    const dir = userProject({ installed: false });
    for (const args of [
      ['check', './key-room.ts'],
      ['run', 'suite.yaml', '--dry-run'],
    ]) {
      const { code, stderr } = harness(args, dir);
      expect(stderr).toMatch(/step-hrl-harness.* is not installed for it: run "npm install \/\S+" \(or the harness's git URL\) in the plugin's project/);
      expect(code).toBe(2);
    }
  });

  it('states the default ids as the loader gives them', () => {
    const paragraph = /`id` defaults to ([\s\S]*?); two entries/.exec(readme())?.[1] ?? '';
    const examples = [...paragraph.matchAll(/`([^`]+)` →\s+`([^`]+)`/g)].map(([, use, id]) => [use, id]);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const [use, id] of examples) expect(defaultId(use)).toBe(id);
  });
});
