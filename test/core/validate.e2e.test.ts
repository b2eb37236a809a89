import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../harness/spec/load.ts';
import { SuiteError } from '../../harness/spec/problems.ts';
import { fixture, harness, repoRoot, tempDir, writeSuite } from '../helpers.ts';

async function problemsOf(text: string) {
  const file = writeSuite(tempDir(), text);
  try {
    await loadSuite(file);
  } catch (e) {
    if (e instanceof SuiteError) return e.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    throw e;
  }
  return [];
}

const corridor = fixture('corridor-env.ts');

describe('suite validation', () => {
  it('reports a typo, a wrong type and a missing plugin together, with file:line:col, and exits 2', () => {
    const dir = tempDir();
    const file = writeSuite(
      dir,
      [
        'name: broken',
        'stepLimt: 30',
        'envs:',
        `  - use: ${corridor}`,
        '    splits:',
        '      train: {}',
        '      seen: { limit: ten }',
        'agents:',
        '  - use: randum',
        '',
      ].join('\n'),
    );
    const { code, stderr } = harness(['validate', file]);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/suite\.yaml:2:1: unknown key "stepLimt" \(did you mean "stepLimit"\?\)/);
    expect(lines[1]).toMatch(/suite\.yaml:7:22: envs\[0\]\.splits\.seen\.limit: must be an integer, got the string "ten"/);
    expect(lines[2]).toMatch(/suite\.yaml:9:10: unknown agent plugin "randum" \(did you mean "random"\?\)/);
  });

  it('checks plugin options against the plugin schema, at their own lines', async () => {
    const problems = await problemsOf(
      [
        'name: opts',
        'envs:',
        `  - use: ${corridor}`,
        '    options:',
        '      episodes: 0',
        '      colour: red',
        '    splits: { train: {}, seen: {} }',
        'agents: [random]',
      ].join('\n'),
    );
    expect(problems).toEqual(['5:17: envs[0].options.episodes: must be >= 1', '6:7: unknown key "colour" in envs[0].options']);
  });

  it('names unknown split names and suggests the closest', async () => {
    const problems = await problemsOf(['name: s', 'envs:', `  - use: ${corridor}`, '    splits: { train: {}, unsen: {} }', 'agents: [random]'].join('\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^4:26: env "corridor" has no split "unsen" \(did you mean "unseen"\?\)/);
  });

  it('requires a training split and an evaluation split', async () => {
    const problems = await problemsOf(['name: s', 'envs:', `  - use: ${corridor}`, '    splits: { seen: {} }', 'agents: [random]'].join('\n'));
    expect(problems.join('\n')).toMatch(/missing required key "train"/);
    expect(problems.join('\n')).toMatch(/must NOT have fewer than 2 properties/);
  });

  it('reports YAML syntax errors with their position', async () => {
    const problems = await problemsOf('name: s\nenvs: [\n  - use: x\n');
    expect(problems[0]).toMatch(/^\d+:\d+: YAML: /);
  });

  it('rejects seed and seeds together, duplicate ids, and options for a plugin without a schema', async () => {
    const problems = await problemsOf(
      [
        'name: s',
        'seed: 1',
        'seeds: [1, 2]',
        'envs:',
        `  - use: ${corridor}`,
        '    splits: { train: {}, seen: {} }',
        'agents:',
        '  - use: random',
        '  - use: random',
        '    options: { speed: 2 }',
      ].join('\n'),
    );
    expect(problems).toEqual([
      '3:1: give either "seed" or "seeds", not both',
      '9:5: agents[1]: id "random" is used twice; give each entry a distinct "id"',
      '10:5: agent plugin "random" takes no options',
    ]);
  });

  it('fills in defaults and resolves plugins for a valid suite', async () => {
    const file = writeSuite(
      tempDir(),
      ['name: ok', 'envs:', `  - use: ${corridor}`, '    splits: { train: {}, seen: { limit: 2 } }', 'agents: [random, { use: oracle, id: expert }]'].join(
        '\n',
      ),
    );
    const { spec, plugins } = await loadSuite(file);
    expect(spec.stepLimit).toBe(50);
    expect(spec.tokenizer).toBe('llama3');
    expect(spec.seeds).toEqual([1]);
    expect(spec.envs[0]).toMatchObject({
      id: 'corridor-env',
      options: { episodes: 6 },
      train: { name: 'train', split: 'train' },
      eval: [{ name: 'seen', split: 'seen', limit: 2 }],
    });
    expect(spec.agents.map((a) => a.id)).toEqual(['random', 'expert']);
    expect(spec.metrics.map((m) => m.use)).toEqual(['success', 'score', 'reward', 'steps', 'tokens-per-step']);
    expect(plugins.agents[1].plugin.name).toBe('oracle');
  });
});

describe('checking plugins against each other before a run', () => {
  const withoutExpert = [
    'name: needs',
    'envs:',
    `  - use: ${fixture('partial-corridor-env.ts')}`,
    '    options: { lacks: [expert] }',
    '    splits: { train: {}, seen: {} }',
    'agents:',
    '  - random',
    '  - oracle',
    '  - use: vanilla-rl',
    '  - use: hrl',
    '    train: false',
  ].join('\n');

  it('refuses agents that need an expert on an env without one, at each agent, and exits 2', () => {
    const file = writeSuite(tempDir(), withoutExpert);
    const { code, stdout, stderr } = harness(['validate', file]);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/suite\.yaml:8:5: agent "oracle" needs an expert plan \(expert\(\)\), which env "partial-corridor-env" does not offer/);
    expect(lines[1]).toMatch(/suite\.yaml:9:5: agent "vanilla-rl" needs an expert plan .*; it needs it only to train \(with "train: false"/);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('refuses such a suite in run too, before it creates a run folder', () => {
    const dir = tempDir();
    const file = writeSuite(dir, withoutExpert);
    const { code, stderr } = harness(['run', file, '--out', join(dir, 'run'), '--quiet', '--workers', '0']);
    expect(stderr).toMatch(/agent "oracle" needs an expert plan/);
    expect(stderr).toMatch(/2 problems found; nothing was run\./);
    expect(code).toBe(2);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });

  const alfworldLimited = [
    'name: limited',
    'envs:',
    '  - use: alfworld',
    '    splits: { train: {}, seen: { limit: 5 }, unseen: { limit: 6 } }',
    'agents: [random]',
  ];

  it('warns of a limit that leaves task types out, naming them, and still accepts the suite', () => {
    const file = writeSuite(tempDir(), alfworldLimited.join('\n'));
    const { code, stdout, stderr } = harness(['validate', file]);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /suite\.yaml:4:41: warning: limit 5 covers 5 of the 6 task types of env "alfworld" split "seen"; it leaves out pick_two_obj_and_place \(a limit of 6 or more covers every type\)$/,
      ),
    ]);
    expect(stdout).toMatch(/suite\.yaml: ok/);
    expect(code).toBe(0);
  });

  it('warns of a --limit that leaves task types out', () => {
    const file = writeSuite(tempDir(), alfworldLimited.join('\n'));
    const { code, stderr } = harness(['run', file, '--dry-run', '--limit', '2', '--only', 'split=unseen']);
    expect(stderr).toMatch(/warning: --limit 2 covers 2 of the 6 task types of env "alfworld" split "unseen"; it leaves out pick_clean_then_place_in_recep, /);
    expect(code).toBe(0);
  });

  it('refuses an --only that names nothing in the suite, with a did-you-mean, and writes nothing', () => {
    const dir = tempDir();
    const file = writeSuite(dir, ['name: only', 'envs:', `  - use: ${corridor}`, '    splits: { train: {}, seen: {} }', 'agents: [random, oracle]'].join('\n'));
    const { code, stdout, stderr } = harness(['run', file, '--only', 'agent=orcale,split=sen', '--out', join(dir, 'run'), '--quiet'], dir);
    expect(stderr.trim().split('\n')).toEqual([
      'harness: --only agent=orcale: the suite has no agent "orcale" (did you mean "oracle"?); it has random, oracle',
      'harness: --only split=sen: the suite has no evaluation split "sen" (did you mean "seen"?); it has seen',
    ]);
    expect(stdout).toBe('');
    expect(code).toBe(2);
    expect(existsSync(join(dir, 'run'))).toBe(false);
    expect(existsSync(join(dir, 'results'))).toBe(false);
  });
});

describe('the suites shipped in suites/', () => {
  it('all validate', () => {
    const suites = readdirSync(join(repoRoot, 'suites'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join('suites', f));
    expect(suites).toEqual(expect.arrayContaining(['suites/quickstart.yaml', 'suites/paper.yaml', 'suites/ablations.yaml', 'suites/scaling.yaml']));
    const { code, stdout } = harness(['validate', ...suites]);
    expect(stdout.trim().split('\n')).toHaveLength(suites.length);
    expect(code).toBe(0);
  });
});
