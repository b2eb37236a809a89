import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparable, fixture, harness, readEpisodes, tempDir, writeSuite } from '../helpers.ts';

const corridor = fixture('corridor-env.ts');

/** A finished run of 12 episodes, and its records as the run wrote them. */
function finishedRun(...extra: string[]) {
  const dir = tempDir();
  const suite = writeSuite(
    dir,
    [
      'name: logs',
      'envs:',
      `  - use: ${corridor}`,
      '    options: { episodes: 6 }',
      '    splits: { train: {}, seen: {}, unseen: {} }',
      'agents: [random]',
      ...extra,
    ].join('\n'),
  );
  const out = join(dir, 'run');
  expect(harness(['run', suite, '--out', out, '--quiet', '--workers', '0']).code).toBe(0);
  const log = join(out, 'episodes.jsonl');
  return { out, log, records: readEpisodes(out), lines: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const rejectedOf = (out: string) =>
  readFileSync(join(out, 'episodes.rejected.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe('a damaged run folder', () => {
  it('an episode log with garbage in the middle: --resume sets the line aside, says so, and runs its episode again', () => {
    const { out, log, records, lines } = finishedRun();
    writeFileSync(log, [...lines.slice(0, 4), 'garbage {', ...lines.slice(5), ''].join('\n'));
    const resumed = harness(['run', '--resume', out, '--quiet']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(
      /episodes\.jsonl: 1 line that could not be decoded \(line 5\) moved to .*episodes\.rejected\.jsonl; their episodes run again/,
    );
    expect(resumed.stderr).not.toMatch(/\n\s+at /);
    expect(comparable(readEpisodes(out))).toEqual(comparable(records));
    expect(rejectedOf(out)).toEqual([{ line: 5, reason: expect.stringMatching(/^not valid JSON/), text: 'garbage {' }]);
  });

  it('an episode log with a torn record followed by a newline: --resume never appends after the broken line', () => {
    const { out, log, records, lines } = finishedRun();
    const last = lines.at(-1)!;
    writeFileSync(log, [...lines.slice(0, -1), last.slice(0, last.length / 2), ''].join('\n'));
    const resumed = harness(['run', '--resume', out, '--quiet']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/1 line that could not be decoded \(line 12\) moved to/);
    // Every line of the log decodes, and the torn episode ran again.
    expect(comparable(readEpisodes(out))).toEqual(comparable(records));
    expect(harness(['run', '--resume', out, '--quiet']).stderr).toBe('');
  });

  it('report works on the sound records of a damaged episode log, sets the rest aside, and says where', () => {
    const { out, log, lines } = finishedRun();
    writeFileSync(log, [...lines.slice(0, 2), '{"env": "corridor-env", "split"', ...lines.slice(2), ''].join('\n'));
    const reported = harness(['report', out]);
    expect(reported.code).toBe(0);
    expect(reported.stderr).toMatch(/1 line that could not be decoded \(line 3\) moved to .*episodes\.rejected\.jsonl; the report covers the rest/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.rows.reduce((n: number, row: { episodes: number }) => n + row.episodes, 0)).toBe(12);
    expect(readFileSync(log, 'utf8')).toBe(lines.join('\n') + '\n');
  });

  it('report sets aside a damaged training log too', () => {
    const { out } = finishedRun('reports: [markdown]');
    const event = JSON.stringify({ phase: 'finished', seconds: 1, env: 'corridor-env', agent: 'random', seed: 1 });
    writeFileSync(join(out, 'training.jsonl'), `${event}\nnot json\n${event}\n`);
    const reported = harness(['report', out]);
    expect(reported.code).toBe(0);
    expect(reported.stderr).toMatch(/training\.jsonl: 1 line that could not be decoded \(line 2\) moved to .*training\.rejected\.jsonl\n$/);
  });

  it('a line of the episode log that decodes but is not an episode record is set aside as well', () => {
    const { out, log, records, lines } = finishedRun();
    writeFileSync(log, [...lines.slice(0, 6), '{"note": "pasted by hand"}', ...lines.slice(6), ''].join('\n'));
    const resumed = harness(['run', '--resume', out, '--quiet']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/\(line 7\) moved to/);
    expect(rejectedOf(out)[0]).toMatchObject({ line: 7, reason: 'not an episode record ("env" is not a string)' });
    expect(comparable(readEpisodes(out))).toEqual(comparable(records));
  });

  it('merge refuses a shard whose log is damaged, and says what to do', () => {
    const dir = tempDir();
    const suite = writeSuite(dir, ['name: m', 'envs:', `  - use: ${corridor}`, '    splits: { train: {}, seen: {} }', 'agents: [random]'].join('\n'));
    const shards = [0, 1].map((i) => {
      const out = join(dir, `shard-${i}`);
      expect(harness(['run', suite, '--out', out, '--quiet', '--workers', '0', '--shard', `${i}/2`]).code).toBe(0);
      return out;
    });
    const log = join(shards[1], 'episodes.jsonl');
    writeFileSync(log, `garbage\n${readFileSync(log, 'utf8')}`);
    const merged = harness(['merge', ...shards, '--out', join(dir, 'merged')]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toMatch(/shard-1\/episodes\.jsonl:1: not valid JSON .*harness run --resume .*shard-1` sets such lines aside/);
  });

  it('a damaged manifest stops report and --resume with the file and the reason, not a stack trace', () => {
    const { out } = finishedRun();
    writeFileSync(join(out, 'manifest.json'), '{"runId": "logs", ');
    for (const args of [
      ['report', out],
      ['run', '--resume', out, '--quiet'],
    ]) {
      const { code, stderr } = harness(args);
      expect(code).toBe(2);
      expect(stderr.trim()).toMatch(/^harness: .*manifest\.json cannot be read, so the run folder cannot be used: .*JSON/);
    }
  });
});
