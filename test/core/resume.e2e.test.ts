import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparable, fixture, harness, harnessProcess, readEpisodes, tempDir, writeSuite } from '../helpers.ts';

const corridor = fixture('corridor-env.ts');
const faulty = fixture('faulty-agent.ts');

const lines = [
  'name: resumable',
  'seeds: [1, 2]',
  'envs:',
  `  - use: ${corridor}`,
  '    options: { episodes: 6, stepDelayMs: 4 }',
  '    splits: { train: {}, seen: {}, unseen: {} }',
  'agents:',
  '  - random',
  `  - { use: ${faulty}, id: walker, options: { mode: throw } }`,
];

function episodeCount(dir: string): number {
  const file = join(dir, 'episodes.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

describe('resume', () => {
  it('after SIGKILL mid-run, --resume loses nothing and ends with the same summary as an uninterrupted run', async () => {
    const dir = tempDir();
    const file = writeSuite(dir, lines.join('\n'));
    const whole = join(dir, 'whole');
    expect(harness(['run', file, '--out', whole, '--quiet']).code).toBe(0);

    const killed = join(dir, 'killed');
    const child = harnessProcess(['run', file, '--out', killed, '--quiet', '--workers', '2']);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (episodeCount(killed) >= 9) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error('the run finished before it could be killed'));
      });
    });
    const before = readEpisodes(killed);
    expect(before.length).toBeLessThan(48);
    expect(existsSync(join(killed, 'summary.json'))).toBe(false);

    const resumed = harness(['run', '--resume', killed, '--quiet']);
    expect(resumed.code).toBe(0);
    const after = readEpisodes(killed);
    expect(after).toHaveLength(48);
    // Nothing finished before the kill was redone or lost.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(comparable(after)).toEqual(comparable(readEpisodes(whole)));
    expect(readFileSync(join(killed, 'summary.json'), 'utf8')).toBe(readFileSync(join(whole, 'summary.json'), 'utf8'));
  });

  it('drops a record torn by a kill and runs that episode again', () => {
    const dir = tempDir();
    const file = writeSuite(dir, lines.join('\n').replace('stepDelayMs: 4', 'stepDelayMs: 0'));
    const out = join(dir, 'run');
    expect(harness(['run', file, '--out', out, '--quiet', '--only', 'agent=random']).code).toBe(0);
    const complete = readEpisodes(out);
    const text = readFileSync(join(out, 'episodes.jsonl'), 'utf8');
    // Keep all but the last record, then half of it, as a kill during the write would leave it.
    const lastLine = text.trimEnd().split('\n').at(-1)!;
    writeFileSync(join(out, 'episodes.jsonl'), text.slice(0, text.length - lastLine.length - 1));
    appendFileSync(join(out, 'episodes.jsonl'), lastLine.slice(0, lastLine.length / 2));
    expect(harness(['run', '--resume', out, '--quiet']).code).toBe(0);
    expect(comparable(readEpisodes(out))).toEqual(comparable(complete));
  });

  it('refuses to start a new run in a folder that already holds one', () => {
    const dir = tempDir();
    const file = writeSuite(dir, lines.join('\n').replace('stepDelayMs: 4', 'stepDelayMs: 0'));
    const out = join(dir, 'run');
    expect(harness(['run', file, '--out', out, '--quiet', '--limit', '1']).code).toBe(0);
    const again = harness(['run', file, '--out', out, '--quiet']);
    expect(again.code).not.toBe(0);
    expect(again.stderr.trim()).toMatch(/^harness: .* already holds a run; resume it with --resume/);
  });
});
