import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparable, fixture, harness, readEpisodes, tempDir, writeSuite } from '../helpers.ts';

const corridor = fixture('corridor-env.ts');
const faulty = fixture('faulty-agent.ts');

function suite(lines: string[]) {
  const dir = tempDir();
  return { dir, file: writeSuite(dir, lines.join('\n')) };
}

describe('harness run', () => {
  it('writes a manifest, one record per episode with per-step tokens by role, and a summary', () => {
    const { dir, file } = suite([
      'name: basic',
      'seed: 7',
      'tokenizer: whitespace',
      'envs:',
      `  - use: ${corridor}`,
      '    options: { episodes: 3 }',
      '    splits: { train: {}, seen: {}, unseen: { limit: 2 } }',
      'agents:',
      '  - use: random',
      `  - { use: ${faulty}, id: walker, options: { mode: throw } }`,
    ]);
    const out = join(dir, 'run');
    const { code, stdout } = harness(['run', file, '--out', out, '--quiet']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/corridor-env/);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.suite.seeds).toEqual([7]);
    expect(manifest.node).toBe(process.version);
    expect(manifest.plugins.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['corridor', 'random', 'faulty', 'success']));

    const records = readEpisodes(out);
    expect(records).toHaveLength(2 * (3 + 2));
    const walker = records.filter((r) => r.agent === 'walker');
    for (const r of walker) {
      expect(r.success).toBe(true);
      expect(r.tokens.perStep).toHaveLength(r.steps);
      // "Task: <task>\n" + "Now: <observation>\n" counted in whitespace tokens, plus the 2-token completion.
      const first = r.trajectory[0];
      expect(first.tokens.byRole.policy.completion).toBe(2);
      expect(first.tokens.byRole.policy.prompt).toBe(8 + 8);
      expect(r.tokens.byRole.policy.calls).toBe(r.steps);
      expect(r.tokens.total).toBe(r.tokens.perStep.reduce((a, b) => a + b, 0));
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const row = summary.rows.find((r: { agent: string; split: string }) => r.agent === 'walker' && r.split === 'seen');
    expect(row.episodes).toBe(3);
    expect(row.metrics.success).toMatchObject({ value: 1, high: 1, n: 3 });
    expect(row.metrics.success.low).toBeGreaterThan(0.3);
  });

  it('gives the same records for the same suite and seed', () => {
    const { dir, file } = suite(['name: twice', 'seeds: [1, 2]', 'envs:', `  - use: ${corridor}`, '    splits: { train: {}, seen: {} }', 'agents: [random]']);
    harness(['run', file, '--out', join(dir, 'a'), '--quiet']);
    harness(['run', file, '--out', join(dir, 'b'), '--quiet']);
    const a = readEpisodes(join(dir, 'a'));
    expect(a).toHaveLength(12);
    expect(comparable(a)).toEqual(comparable(readEpisodes(join(dir, 'b'))));
    // Different seeds really give different random walks.
    const steps = (seed: number) => a.filter((r) => r.seed === seed).map((r) => r.trajectory.map((s) => s.action).join());
    expect(steps(1)).not.toEqual(steps(2));
  });

  it('fails only the episode whose plugin throws, hangs or returns nonsense, and exits 1', () => {
    const { dir, file } = suite([
      'name: faults',
      'stepTimeoutMs: 300',
      'envs:',
      `  - use: ${corridor}`,
      '    options: { episodes: 4, failOn: [seen-1] }',
      '    splits: { train: {}, seen: {} }',
      'agents:',
      `  - { use: ${faulty}, id: thrower, options: { mode: throw, on: [seen-2] } }`,
      `  - { use: ${faulty}, id: hanger, options: { mode: hang, on: [seen-0] } }`,
      `  - { use: ${faulty}, id: garbler, options: { mode: malformed, on: [seen-3] } }`,
    ]);
    const out = join(dir, 'run');
    const { code, stdout } = harness(['run', file, '--out', out, '--quiet']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/episode\(s\) ended in an error/);
    const records = readEpisodes(out);
    expect(records).toHaveLength(12);
    const error = (agent: string, episode: string) => records.find((r) => r.agent === agent && r.episode === episode)!.error;
    expect(error('thrower', 'seen-1')).toBe('env.step: the floor gave way in seen-1');
    expect(error('thrower', 'seen-2')).toBe('agent.act: policy exploded in seen-2');
    expect(error('hanger', 'seen-0')).toBe('agent.act: agent.act took longer than 300 ms');
    expect(error('garbler', 'seen-3')).toMatch(/^agent\.act: act\(\) returned an action that is not a string/);
    expect(error('thrower', 'seen-0')).toBeNull();
    const failed = records.filter((r) => r.error !== null);
    expect(failed).toHaveLength(6); // the env fault hits all three agents on seen-1, plus one per agent fault
    for (const r of failed) expect(r).toMatchObject({ success: false, end: 'error' });
  });

  it('--dry-run prints the exact prompts of one episode per agent and writes nothing', () => {
    const { dir, file } = suite([
      'name: dry',
      'tokenizer: whitespace',
      'envs:',
      `  - use: ${corridor}`,
      '    splits: { train: {}, seen: {}, unseen: {} }',
      'agents:',
      `  - { use: ${faulty}, id: walker, options: { mode: throw } }`,
    ]);
    const { code, stdout } = harness(['run', file, '--dry-run'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('═══ walker on corridor-env · seen · seen-0 (untrained, dry run) ═══');
    expect(stdout).toContain('── step 0 · policy · 16 + 2 tokens\nTask: Your task is to reach room 2.\nNow: You are in room 0 of 3.\n\n→ go east');
    expect(stdout).toMatch(/─── 2 steps, \d+ tokens/);
    expect(stdout).not.toContain('unseen-0');
    expect(existsSync(join(dir, 'results'))).toBe(false);
  });

  it('loads a plugin written outside the repository by relative path', () => {
    const dir = tempDir();
    writeSuite(
      dir,
      [
        "import { definePlugin } from '" + join(fixture('..'), '../../harness/api.ts') + "';",
        'export default definePlugin({',
        "  kind: 'agent', name: 'always-east', version: '0.1.0', description: 'Always walks east.',",
        "  create: () => ({ reset() {}, act: () => ({ action: 'go east', calls: [] }) }),",
        '});',
      ].join('\n'),
      'always-east.ts',
    );
    const file = writeSuite(
      dir,
      ['name: outside', 'envs:', `  - use: ${corridor}`, '    splits: { train: {}, seen: {} }', 'agents: [./always-east.ts]'].join('\n'),
    );
    const { code, stderr } = harness(['run', file, '--out', join(dir, 'run'), '--quiet']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const records = readEpisodes(join(dir, 'run'));
    expect(records.every((r) => r.agent === 'always-east' && r.success)).toBe(true);
  });
});
