import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { harness, readEpisodes, tempDir, writeSuite } from '../../helpers.ts';
import { type FixtureServer, startServer } from './server.ts';

const planAgent = join(import.meta.dirname, 'fixtures/plan-agent.ts');
let server: FixtureServer | undefined;
afterAll(() => server?.stop());

describe('agentgym: a harness run end to end', () => {
  it('plays ScienceWorld-style episodes on a live server; a stalled one fails alone; every instance is closed', async () => {
    server = await startServer(['--dialect', 'sciworld', '--stall', '31']);
    const dir = tempDir();
    const file = writeSuite(
      dir,
      [
        'name: agentgym-server',
        'seed: 2',
        'tokenizer: whitespace',
        'stepLimit: 6',
        'envs:',
        '  - use: agentgym',
        '    id: sciworld',
        `    options: { baseURL: "${server.url}", server: sciworld, requestTimeoutMs: 800, splits: { train: "0-1", test: "29-31" } }`,
        '    splits: { train: {}, unseen: { split: test } }',
        'agents:',
        `  - { use: ${planAgent}, id: solver, options: { plan: [activate lamp, pick up key, use key on door, open door] } }`,
        '  - random',
      ].join('\n'),
    );
    const first = harness(['run', file, '--out', join(dir, 'a'), '--quiet']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    const records = readEpisodes(join(dir, 'a'));
    expect(records).toHaveLength(6);
    const solver = (id: string) => records.find((r) => r.agent === 'solver' && r.episode === id)!;
    expect(solver('sciworld-29')).toMatchObject({
      split: 'unseen',
      task: '1-1 boil',
      variation: 29,
      success: true,
      score: 100,
      reward: 100,
      steps: 4,
      end: 'done',
      progress: 1,
    });
    expect(solver('sciworld-30')).toMatchObject({ task: '1-2 melt', variation: 0, success: true });
    for (const r of records.filter((r) => r.episode === 'sciworld-31')) {
      expect(r).toMatchObject({ end: 'error', success: false });
      expect(r.error).toBe(`env.step: POST /step got no reply from ${server.url} within 800 ms`);
    }
    const random = records.filter((r) => r.agent === 'random' && r.episode !== 'sciworld-31');
    expect(random.every((r) => r.trajectory.length > 0 && r.error === null)).toBe(true);
    // One instance per episode, each closed, the stalled one too (the runs used worker threads).
    const stats = await server.stats();
    expect(stats.created).toBe(6);
    expect(stats.open).toEqual([]);
  }, 60_000);
});
