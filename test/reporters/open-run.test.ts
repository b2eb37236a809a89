import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRun } from '../../harness/report/open-run.ts';
import { readJsonl } from '../../harness/store/jsonl.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'open-run-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('reading JSON Lines logs', () => {
  it('skips a last line cut short by a killed run', async () => {
    const path = join(root, 'cut.jsonl');
    writeFileSync(path, '{"a":1}\n\n{"a":2}\n{"a":3,"b":');
    expect(await collect(readJsonl(path))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('reports a damaged line in the middle of the log with its line number', async () => {
    const path = join(root, 'damaged.jsonl');
    writeFileSync(path, '{"a":1}\nnot json\n{"a":3}\n');
    await expect(collect(readJsonl(path))).rejects.toThrow(/damaged\.jsonl:2: not valid JSON/);
  });

  it('reads lines longer than a read chunk, multi-byte text and CRLF line ends', async () => {
    const path = join(root, 'long.jsonl');
    const long = 'é'.repeat(1_500_000); // 3 MB of two-byte characters, spanning several 1 MiB reads
    writeFileSync(path, `{"a":"${long}"}\r\n{"b":"✓"}\r\n`);
    const records = await collect(readJsonl<{ a?: string; b?: string }>(path));
    expect(records).toHaveLength(2);
    expect(records[0].a).toBe(long);
    expect(records[1].b).toBe('✓');
  });

  it('reads a missing log as empty', async () => {
    expect(await collect(readJsonl(join(root, 'absent.jsonl')))).toEqual([]);
  });
});

describe('openRun', () => {
  it('says clearly when a folder is not a run', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    await expect(openRun(empty)).rejects.toThrow(/is not a run folder: it has no manifest\.json/);
  });

  it('says what is missing when a stopped run has a manifest without its suite', async () => {
    const folder = join(root, 'no-suite');
    mkdirSync(folder);
    writeFileSync(join(folder, 'manifest.json'), '{"runId":"x"}');
    await expect(openRun(folder)).rejects.toThrow(/manifest\.json has no suite.*summary\.json/);
  });

  it('streams the training log, which may be absent', async () => {
    const folder = join(root, 'untrained');
    mkdirSync(folder);
    writeFileSync(join(folder, 'manifest.json'), '{"runId":"x"}');
    writeFileSync(join(folder, 'summary.json'), '{"metrics":[],"rows":[]}');
    const view = await openRun(folder);
    expect(await collect(view.training())).toEqual([]);
    expect(await collect(view.episodes())).toEqual([]);
    expect(view.summary.rows).toEqual([]);
  });
});
