import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparable, harness, readEpisodes, tempDir, writeSuite } from '../../helpers.ts';

const cellar = join(import.meta.dirname, 'fixtures/cellar_adapter.py');

describe('python: a harness run end to end', () => {
  it('runs the oracle and a random agent through the bridge; a crash and a stall fail only their episodes', () => {
    const dir = tempDir();
    const file = writeSuite(
      dir,
      [
        'name: python-bridge',
        'seed: 5',
        'tokenizer: whitespace',
        'stepLimit: 12',
        'envs:',
        '  - use: python',
        '    id: cellar',
        '    options:',
        `      adapter: ${JSON.stringify(cellar)}`,
        '      callTimeoutMs: 1500',
        '      adapterArgs:',
        '        crash: { episode: seen-1, afterSteps: 1 }',
        '        stall: { episode: seen-3, afterSteps: 2 }',
        '    splits: { train: {}, seen: {} }',
        'agents: [oracle, random]',
      ].join('\n'),
    );
    const inProcess = harness(['run', file, '--out', join(dir, 'in-process'), '--quiet', '--workers', '0']);
    expect(inProcess.stderr).not.toMatch(/Error/);
    expect(inProcess.code).toBe(1); // some episodes ended in an error
    const records = readEpisodes(join(dir, 'in-process'));
    expect(records).toHaveLength(8);
    const oracle = (id: string) => records.find((r) => r.agent === 'oracle' && r.episode === id)!;
    expect(oracle('seen-0')).toMatchObject({ task: 'escape', success: true, score: 100, steps: 4, end: 'done', error: null, progress: 1 });
    expect(oracle('seen-2')).toMatchObject({ success: true, score: 100, end: 'done' });
    for (const r of records.filter((r) => r.episode === 'seen-1')) {
      expect(r).toMatchObject({ success: false, end: 'error' });
      expect(r.error).toMatch(/^env\.step: the Python adapter .*cellar_adapter\.py exited with code 3 during step/);
    }
    const stalled = records.filter((r) => r.episode === 'seen-3' && r.error !== null);
    expect(stalled.map((r) => r.agent)).toContain('random'); // the oracle wins seen-3 in one step, before the stall
    for (const r of stalled) expect(r.error).toMatch(/^env\.step: the Python adapter .* did not answer "step" within 1500 ms/);

    // Worker threads give the same records as the in-process run (but for the adapter process's pid, which
    // this fixture reports in its reset info so that other tests can tell its processes apart).
    harness(['run', file, '--out', join(dir, 'workers'), '--quiet']);
    const withoutPid = (list: typeof records) => comparable(list).map((r) => ({ ...r, reset: { ...r.reset!, info: {} } }));
    expect(withoutPid(readEpisodes(join(dir, 'workers')))).toEqual(withoutPid(records));
  }, 60_000);
});
