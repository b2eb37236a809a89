import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../harness/api.ts';
import { findRuns } from '../../harness/view/runs.ts';
import { startViewer, type Viewer } from '../../harness/view/server.ts';
import { writeFixtureRun } from '../reporters/fixture.ts';
import { readEpisodes } from '../reporters/helpers.ts';

let root: string;
let viewer: Viewer;
let records: EpisodeRecord[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'viewer-api-'));
  await writeFixtureRun(join(root, 'runs', 'done'), { variations: 2, runId: 'done' });
  records = readEpisodes(join(root, 'runs', 'done'));
  // A run that has not finished an episode yet: a manifest, nothing else.
  mkdirSync(join(root, 'runs', 'starting'));
  copyFileSync(join(root, 'runs', 'done', 'manifest.json'), join(root, 'runs', 'starting', 'manifest.json'));
  const { runs } = findRuns([join(root, 'runs')]);
  viewer = await startViewer(runs, { port: 0 });
});

afterAll(async () => {
  await viewer.close();
  rmSync(root, { recursive: true, force: true });
});

async function get(path: string) {
  const response = await fetch(new URL(path, viewer.url));
  return { status: response.status, body: await response.json() };
}

describe('the viewer API', () => {
  it('listens on 127.0.0.1 only and lists the runs', async () => {
    expect(viewer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const { body } = await get('/api/runs');
    expect(body.map((r: { dir: string }) => r.dir.split('/').pop()).sort()).toEqual(['done', 'starting']);
  });

  it('pages through the episodes that match, in log order', async () => {
    const id = (await get('/api/runs')).body.find((r: { dir: string }) => r.dir.endsWith('done')).id;
    const expected = records.flatMap((r, i) => (r.agent === 'hrl' && r.split === 'seen' ? [i + 1] : []));
    const first = (await get(`/api/runs/${id}/episodes?agent=hrl&split=seen&limit=10`)).body;
    expect(first.total).toBe(expected.length);
    expect(first.items.map((e: { n: number }) => e.n)).toEqual(expected.slice(0, 10));
    const second = (await get(`/api/runs/${id}/episodes?agent=hrl&split=seen&limit=10&from=${first.next}`)).body;
    expect(second.items.map((e: { n: number }) => e.n)).toEqual(expected.slice(10, 20));
    const episode = (await get(`/api/runs/${id}/episodes/${expected[0]}`)).body;
    expect(episode.transcript.steps).toHaveLength(records[expected[0] - 1].steps);
    // The same episode as the other agents ran it.
    expect(episode.others.map((o: { agent: string }) => o.agent).sort()).toEqual(['random', 'step-hrl', 'vanilla-rl']);
  });

  it('answers for a run without episodes, and says what it cannot find', async () => {
    const id = (await get('/api/runs')).body.find((r: { dir: string }) => r.dir.endsWith('starting')).id;
    expect((await get(`/api/runs/${id}/episodes`)).body).toMatchObject({ total: 0, items: [] });
    expect((await get(`/api/runs/${id}/tables`)).status).toBe(200);
    expect((await get(`/api/runs/${id}/episodes/1`)).status).toBe(404);
    expect((await get('/api/runs/99')).status).toBe(404);
    expect((await get('/nothing')).status).toBe(404);
    expect((await fetch(new URL('/api/runs', viewer.url), { method: 'POST' })).status).toBe(405);
  });
});
