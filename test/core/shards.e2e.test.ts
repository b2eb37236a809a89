import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparable, fixture, harness, readEpisodes, tempDir, writeSuite } from '../helpers.ts';

const corridor = fixture('corridor-env.ts');

function shardSuite() {
  const dir = tempDir();
  const file = writeSuite(
    dir,
    [
      'name: sharded',
      'seeds: [1, 2]',
      'envs:',
      `  - use: ${corridor}`,
      '    options: { episodes: 7 }',
      '    splits: { train: {}, seen: {}, unseen: { limit: 5 } }',
      'agents: [random, oracle]',
    ].join('\n'),
  );
  return { dir, file };
}

describe('shards', () => {
  it('split the episodes into balanced, disjoint parts whose merge equals the unsharded run', () => {
    const { dir, file } = shardSuite();
    expect(harness(['run', file, '--out', join(dir, 'whole'), '--quiet', '--workers', '0']).code).toBe(0);
    const shards = [0, 1, 2].map((i) => {
      const out = join(dir, `shard-${i}`);
      expect(harness(['run', file, '--out', out, '--quiet', '--workers', '0', '--shard', `${i}/3`]).code).toBe(0);
      return out;
    });
    const sizes = shards.map((s) => readEpisodes(s).length);
    expect(sizes.reduce((a, b) => a + b)).toBe(48);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);

    const merged = join(dir, 'merged');
    const { code, stdout } = harness(['merge', ...shards, '--out', merged]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Merged 3 shards/);
    expect(comparable(readEpisodes(merged))).toEqual(comparable(readEpisodes(join(dir, 'whole'))));
    expect(readFileSync(join(merged, 'summary.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole', 'summary.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(merged, 'manifest.json'), 'utf8'));
    expect(manifest.selection.shard).toBeNull();
    expect(manifest.mergedFrom.map((m: { shard: string }) => m.shard)).toEqual(['0/3', '1/3', '2/3']);

    // `harness compare` pairs the same episodes of both runs: nothing differs.
    const compared = harness(['compare', join(dir, 'whole'), merged]);
    expect(compared.code).toBe(0);
    expect(compared.stdout).toMatch(/A {2}whole/);
    expect(compared.stdout).toMatch(/B {2}merged/);
    expect(compared.stdout).not.toMatch(/Δ B−A[\s\S]*\s[+-][1-9]/);
  });

  it('refuses to merge an incomplete set of shards or shards of another suite', () => {
    const { dir, file } = shardSuite();
    const out = (name: string) => join(dir, name);
    harness(['run', file, '--out', out('a0'), '--quiet', '--workers', '0', '--shard', '0/2']);
    const missing = harness(['merge', out('a0'), '--out', out('m1')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing 1/);

    const other = writeSuite(dir, readFileSync(file, 'utf8').replace('episodes: 7', 'episodes: 6'), 'other.yaml');
    harness(['run', other, '--out', out('b1'), '--quiet', '--workers', '0', '--shard', '1/2']);
    const mixed = harness(['merge', out('a0'), out('b1'), '--out', out('m2')]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/ran a different suite/);
  });
});
