import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparable, fixture, harness, readEpisodes, tempDir, writeSuite } from '../helpers.ts';

const corridor = fixture('corridor-env.ts');
const faulty = fixture('faulty-agent.ts');

describe('worker threads', () => {
  it('give the same records, record for record, with 0, 1 and 2 workers', () => {
    const dir = tempDir();
    const file = writeSuite(
      dir,
      [
        'name: parallel',
        'seeds: [1, 2]',
        'envs:',
        `  - use: ${corridor}`,
        '    options: { episodes: 8 }',
        '    splits: { train: {}, seen: {}, unseen: {} }',
        'agents: [random, oracle]',
      ].join('\n'),
    );
    const runs = [0, 1, 2].map((workers) => {
      const out = join(dir, `w${workers}`);
      expect(harness(['run', file, '--out', out, '--quiet', '--workers', String(workers)]).code).toBe(0);
      return comparable(readEpisodes(out));
    });
    expect(runs[0]).toHaveLength(64);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  it('fail only the unit whose training throws or runs out of memory on a worker, with the reason', () => {
    const dir = tempDir();
    const file = writeSuite(
      dir,
      [
        'name: failing-training',
        'envs:',
        `  - use: ${corridor}`,
        '    options: { episodes: 2 }',
        '    splits: { train: {}, seen: {} }',
        'agents:',
        `  - { use: ${fixture('collecting-agent.ts')}, id: thrower, train: { fail: throw } }`,
        `  - { use: ${fixture('collecting-agent.ts')}, id: hoarder, train: { fail: oom } }`,
        `  - { use: ${fixture('collecting-agent.ts')}, id: learner }`,
      ].join('\n'),
    );
    const out = join(dir, 'run');
    expect(harness(['run', file, '--out', out, '--quiet', '--workers', '2', '--worker-memory', '256']).code).toBe(1);
    const records = readEpisodes(out);
    const errorsOf = (agent: string) => records.filter((r) => r.agent === agent).map((r) => r.error);
    expect(errorsOf('thrower')).toEqual(Array(2).fill('agent setup: agent.train: failed: training exploded'));
    for (const error of errorsOf('hoarder')) expect(error).toMatch(/^agent setup: agent\.train: failed: .*memory/i);
    expect(errorsOf('learner')).toEqual([null, null]);
  });

  it('collect training data on the workers, with the same result as on the main thread', () => {
    const dir = tempDir();
    const file = writeSuite(
      dir,
      [
        'name: collecting',
        'envs:',
        `  - use: ${corridor}`,
        '    options: { episodes: 8 }',
        '    splits: { train: {}, seen: {} }',
        `agents: [${fixture('collecting-agent.ts')}]`,
      ].join('\n'),
    );
    const runs = [0, 2].map((workers) => {
      const out = join(dir, `w${workers}`);
      expect(harness(['run', file, '--out', out, '--quiet', '--workers', String(workers)]).code).toBe(0);
      const training = readFileSync(join(out, 'training.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      return { records: comparable(readEpisodes(out)), collected: training.find((e) => e.phase === 'collected') };
    });
    expect(runs[0].collected).toMatchObject({ episodes: 6, onMainThread: true });
    expect(runs[1].collected).toMatchObject({ episodes: 6, onMainThread: false, meanSteps: runs[0].collected.meanSteps });
    expect(runs[1].records).toEqual(runs[0].records);
  });

  it('fail only the episode whose plugin blocks its thread, exits the process or runs out of memory', () => {
    const dir = tempDir();
    const file = writeSuite(
      dir,
      [
        'name: crashes',
        'stepTimeoutMs: 500',
        'envs:',
        `  - use: ${corridor}`,
        '    options: { episodes: 3 }',
        '    splits: { train: {}, seen: {} }',
        'agents:',
        `  - { use: ${faulty}, id: spinner, options: { mode: spin, on: [seen-0] } }`,
        `  - { use: ${faulty}, id: quitter, options: { mode: exit, on: [seen-1] } }`,
        `  - { use: ${faulty}, id: hoarder, options: { mode: oom, on: [seen-2] } }`,
      ].join('\n'),
    );
    const out = join(dir, 'run');
    const { code } = harness(['run', file, '--out', out, '--quiet', '--workers', '2', '--worker-memory', '64']);
    expect(code).toBe(1);
    const records = readEpisodes(out);
    expect(records).toHaveLength(9);
    const error = (agent: string, episode: string) => records.find((r) => r.agent === agent && r.episode === episode)!.error;
    expect(error('spinner', 'seen-0')).toBe('agent.act: took longer than 500 ms (its worker was stopped)');
    expect(error('quitter', 'seen-1')).toMatch(/^agent\.act: the worker died/);
    expect(error('hoarder', 'seen-2')).toMatch(/^agent\.act: the worker died: .*memory/i);
    // Every other episode ran on a healthy (or replaced) worker and succeeded.
    expect(records.filter((r) => r.error === null).every((r) => r.success)).toBe(true);
    expect(records.filter((r) => r.error === null)).toHaveLength(6);
  });
});
