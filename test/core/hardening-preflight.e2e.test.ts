import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, harness, tempDir, writeSuite } from '../helpers.ts';

const corridor = fixture('corridor-env.ts');
const collecting = fixture('collecting-agent.ts');

/** An env whose episode list cannot be made for one split, as when an index file is missing. */
const brokenListEnv = `export default {
  kind: 'env',
  name: 'broken-list',
  version: '1.0.0',
  description: 'Cannot list its seen split.',
  splits: ['train', 'seen'],
  episodes(split) {
    if (split === 'seen') throw new Error('the index of seen games is missing');
    return [{ id: 'train-0', task: 'walk', variation: 0 }];
  },
  create() {
    throw new Error('not reached');
  },
};
`;

function suiteFrom(dir: string, from: string): string {
  return writeSuite(
    dir,
    [
      'name: reuse',
      'envs:',
      `  - use: ${corridor}`,
      '    splits: { train: {}, seen: {} }',
      'agents:',
      `  - { use: ${collecting}, train: { from: ${from} } }`,
    ].join('\n'),
    'reuse.yaml',
  );
}

describe('validate and run check, before any episode', () => {
  it('that train.from names a run folder', () => {
    const dir = tempDir();
    const suite = suiteFrom(dir, './no-such-run');
    const column = readFileSync(suite, 'utf8').split('\n')[5].indexOf('./no-such-run') + 1;
    const validated = harness(['validate', suite]);
    expect(validated.code).toBe(2);
    expect(validated.stderr).toContain(`reuse.yaml:6:${column}: agents[0].train.from: no run folder at ${join(dir, 'no-such-run')}`);
    const out = join(dir, 'out');
    const ran = harness(['run', suite, '--out', out, '--quiet']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/agents\[0\]\.train\.from: no run folder/);
    expect(existsSync(out)).toBe(false);
  });

  it('that the run folder of train.from holds a finished checkpoint for each env and seed', () => {
    const dir = tempDir();
    const earlier = join(dir, 'earlier');
    mkdirSync(join(earlier, 'checkpoints', 'corridor-env', 'collecting-agent', 'seed-1'), { recursive: true });
    writeFileSync(join(earlier, 'manifest.json'), '{}\n');
    const validated = harness(['validate', suiteFrom(dir, './earlier')]);
    expect(validated.code).toBe(2);
    expect(validated.stderr).toMatch(
      /agents\[0\]\.train\.from: .*earlier has no finished checkpoint of agent "collecting-agent" for env "corridor-env" seed 1/,
    );
  });

  it('that a finished run passes as train.from', () => {
    const dir = tempDir();
    const earlier = join(dir, 'earlier');
    const first = writeSuite(
      dir,
      ['name: first', 'envs:', `  - use: ${corridor}`, '    splits: { train: {}, seen: { limit: 1 } }', `agents: [${collecting}]`].join('\n'),
      'first.yaml',
    );
    expect(harness(['run', first, '--out', earlier, '--quiet', '--workers', '0']).code).toBe(0);
    const validated = harness(['validate', suiteFrom(dir, './earlier')]);
    expect(validated.stderr).toBe('');
    expect(validated.code).toBe(0);
  });

  it("that each env lists the episodes of every split named, pointing at the split's entry", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken-list.mjs'), brokenListEnv);
    const suite = writeSuite(dir, ['name: s', 'envs:', '  - use: ./broken-list.mjs', '    splits: { train: {}, seen: {} }', 'agents: [random]'].join('\n'));
    const validated = harness(['validate', suite]);
    expect(validated.code).toBe(2);
    expect(validated.stderr.trim()).toMatch(/suite\.yaml:4:26: env "broken-list": episodes\("seen"\) failed: the index of seen games is missing$/);

    const out = join(dir, 'out');
    const ran = harness(['run', suite, '--out', out, '--quiet']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/suite\.yaml:4:26: env "broken-list": episodes\("seen"\) failed/);
    expect(ran.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['broken-list.mjs', 'suite.yaml']);
  });

  it('that the episodes listed are well formed, with distinct ids', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'twice.mjs'),
      brokenListEnv.replace(
        "if (split === 'seen') throw new Error('the index of seen games is missing');",
        "if (split === 'seen') return [{ id: 'a', task: 't', variation: 0 }, { id: 'a', task: 't', variation: 1 }];",
      ),
    );
    const suite = writeSuite(dir, ['name: s', 'envs:', '  - use: ./twice.mjs', '    splits: { train: {}, seen: {} }', 'agents: [random]'].join('\n'));
    const validated = harness(['validate', suite]);
    expect(validated.code).toBe(2);
    expect(validated.stderr).toMatch(/suite\.yaml:4:26: env "twice": episode id "a" appears twice in split "seen"/);
  });
});
