import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../harness/api.ts';
import { EpisodeIndex } from '../../harness/view/episode-index.ts';
import { promptText, transcriptOf } from '../../harness/view/transcript.ts';
import { writeFixtureRun } from '../reporters/fixture.ts';
import { readEpisodes } from '../reporters/helpers.ts';

let root: string;
let log: string;
let records: EpisodeRecord[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'episode-index-'));
  await writeFixtureRun(join(root, 'run'), { variations: 2, seeds: [1, 2] });
  log = join(root, 'run', 'episodes.jsonl');
  records = readEpisodes(join(root, 'run'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the episode index', () => {
  it('finds every record by its byte offset, in log order', () => {
    const index = EpisodeIndex.build(log);
    expect(index.size).toBe(records.length);
    for (const i of [0, 1, 17, records.length - 1]) {
      expect(index.read(i)).toEqual(records[i]);
      expect(index.entry(i)).toMatchObject({
        n: i + 1,
        env: records[i].env,
        agent: records[i].agent,
        episode: records[i].episode,
        success: records[i].success,
      });
    }
    const errors = records.filter((r) => r.error !== null);
    expect(errors.length).toBeGreaterThan(0);
    expect(index.filter({ error: true }).map((i) => index.entry(i).error)).toEqual(errors.map((r) => r.error));
  });

  it('filters by env, split, task, agent, seed, success and end, as the records say', () => {
    const index = EpisodeIndex.build(log);
    const expected = records.filter((r) => r.env === 'scienceworld' && r.agent === 'hrl' && r.seed === 2 && !r.success && r.end === 'step-limit');
    const found = index.filter({ env: 'scienceworld', agent: 'hrl', seed: 2, success: false, end: 'step-limit' });
    expect(found.map((i) => index.entry(i).episode)).toEqual(expected.map((r) => r.episode));
    expect(index.filter({ task: '1-2 melt', split: 'unseen' }).length).toBe(records.filter((r) => r.task === '1-2 melt' && r.split === 'unseen').length);
    expect(index.filter({ agent: 'nobody' })).toEqual([]);
  });

  it('searches the records’ text, case-insensitively, page by page', () => {
    const index = EpisodeIndex.build(log);
    const all = index.filter({});
    const expected = records.flatMap((r, i) => (JSON.stringify(r).toLowerCase().includes('saltshaker') && r.agent === 'hrl' ? [i] : []));
    const hrl = index.filter({ agent: 'hrl' });
    const first = index.search(hrl, 'SaltShaker', 0, 5);
    expect(first.matches).toEqual(expected.slice(0, 5));
    const rest = index.search(hrl, 'saltshaker', first.next!, 1000);
    expect([...first.matches, ...rest.matches]).toEqual(expected);
    expect(rest.next).toBeNull();
    expect(index.search(all, 'found nowhere in any record', 0, 10).matches).toEqual([]);
  });

  it('keeps the last record of an episode run twice, as the summary does', () => {
    const retried = join(root, 'retried.jsonl');
    const failed = { ...records[3], error: 'agent timed out', end: 'error' as const, success: false };
    writeFileSync(retried, [failed, ...records.slice(0, 3), records[3]].map((r) => `${JSON.stringify(r)}\n`).join(''));
    const index = EpisodeIndex.build(retried);
    expect(index.size).toBe(5);
    expect(index.entry(0).superseded).toBe(true);
    expect(index.filter({})).toEqual([1, 2, 3, 4]);
    expect(index.filter({ superseded: true })).toEqual([0, 1, 2, 3, 4]);
  });

  it('opens logs of format 1 and records laid out otherwise, and skips a torn last line', async () => {
    const old = join(root, 'old');
    await writeFixtureRun(old, { variations: 1, format: 1 });
    const oldRecords = readEpisodes(old);
    expect(oldRecords[0].format).toBeUndefined();
    const oldIndex = EpisodeIndex.build(join(old, 'episodes.jsonl'));
    expect(oldIndex.size).toBe(oldRecords.length);
    const t = transcriptOf(oldIndex.read(0));
    expect(t.format).toBe(1);
    expect(t.reset).toBeNull();
    expect(t.steps[0].calls).toBeNull();

    // Keys in another order (a hand-edited or converted log), then a record cut short by a kill.
    const mixed = join(root, 'mixed.jsonl');
    const { env, agent, ...rest } = records[5];
    writeFileSync(mixed, `${JSON.stringify(records[0])}\n${JSON.stringify({ ...rest, agent, env })}\n${JSON.stringify(records[6]).slice(0, 300)}`);
    const index = EpisodeIndex.build(mixed);
    expect(index.size).toBe(2);
    expect(index.entry(1)).toMatchObject({ env: records[5].env, agent: records[5].agent, episode: records[5].episode });
  });

  it('is kept beside the log, reused, and extended with what was appended since', () => {
    const copy = join(root, 'cached', 'episodes.jsonl');
    mkdirSync(join(root, 'cached'));
    copyFileSync(log, copy);
    const before = readFileSync(copy);
    const first = EpisodeIndex.open(copy);
    expect(first.cached).toBe(false);
    first.index.extend();
    expect(existsSync(`${copy}.index`)).toBe(true);
    expect(readFileSync(copy).equals(before)).toBe(true); // the log itself is never rewritten

    const again = EpisodeIndex.open(copy);
    expect(again.cached).toBe(true);
    expect(again.index.size).toBe(records.length);
    expect(again.index.read(records.length - 1)).toEqual(records.at(-1));

    // A resumed run appends; the cached index picks up the new records (the retried one replacing its first).
    appendFileSync(copy, `${JSON.stringify({ ...records[0], success: !records[0].success })}\n`);
    const grown = EpisodeIndex.open(copy).index;
    grown.extend();
    expect(grown.size).toBe(records.length + 1);
    expect(grown.entry(0).superseded).toBe(true);
    expect(grown.entry(records.length).success).toBe(!records[0].success);

    // A log replaced by another is indexed afresh.
    writeFileSync(
      copy,
      records
        .slice(10, 12)
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''),
    );
    const replaced = EpisodeIndex.open(copy);
    expect(replaced.cached).toBe(false);
    replaced.index.extend();
    expect(replaced.index.size).toBe(2);
  });

  it('indexes a large log a slice at a time, answering from what is indexed so far', () => {
    rmSync(`${log}.index`, { force: true });
    const fresh = EpisodeIndex.open(log).index;
    expect(fresh.step(64 << 10)).toBe(false);
    const partial = fresh.size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(records.length);
    expect(fresh.progress()!.done).toBeGreaterThan(0);
    while (!fresh.step(64 << 10));
    expect(fresh.size).toBe(records.length);
    expect(fresh.progress()).toBeNull();
  });
});

describe('transcripts', () => {
  it("rebuild each policy call's exact prompt from the episode's parts", () => {
    const record = records.find((r) => r.agent === 'vanilla-rl' && r.steps > 5)!;
    const t = transcriptOf(record);
    expect(t.reset?.task).toBe(record.reset!.task);
    const call = t.steps[5].calls![0];
    expect(promptText(t, call)).toBe(record.trajectory[5].calls![0].prompt.map((i) => record.parts![i]).join(''));
    // A history-conditioned prompt holds every earlier step.
    expect(promptText(t, call)).toContain(`> ${record.trajectory[4].action}\n`);
    expect(t.steps[5]).toMatchObject({ step: 6, action: record.trajectory[5].action, observation: record.trajectory[5].observation });
  });
});
