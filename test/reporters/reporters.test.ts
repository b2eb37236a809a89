import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, type EpisodeRecord, type RunView } from '../../harness/api.ts';
import { openRun } from '../../harness/report/open-run.ts';
import { wilson } from '../../harness/stats/intervals.ts';
import { exactMcNemar } from '../../harness/stats/mcnemar.ts';
import { toCsv } from '../../plugins/reporters/csv/csv.ts';
import { fixtureAgents, writeFixtureRun } from './fixture.ts';
import { readEpisodes, renderAll } from './helpers.ts';

let root: string;
let dir: string;
let run: RunView;
let files: Record<string, string>;
let records: EpisodeRecord[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'reporters-'));
  dir = join(root, 'run');
  await writeFixtureRun(dir, { variations: 2, seeds: [1] });
  run = await openRun(dir);
  files = await renderAll(run);
  records = readEpisodes(dir);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const pick = (env: string, split: string, agent: string) => records.filter((r) => r.env === env && r.split === split && r.agent === agent);

describe('report.md', () => {
  it("has the paper's main table: one row per agent in suite order, columns per env × split", () => {
    const lines = files['report.md'].split('\n');
    const header = lines.find((line) => line.startsWith('| Agent |'))!;
    for (const column of ['alfworld seen Success %', 'alfworld unseen Score', 'scienceworld seen Success %', 'scienceworld unseen Score']) {
      expect(header).toContain(column);
    }
    const start = lines.indexOf(header);
    const agents = lines.slice(start + 2, start + 2 + fixtureAgents.length).map((line) => line.split('|')[1].trim());
    expect(agents).toEqual([...fixtureAgents]);
  });

  it('shows each success rate with its Wilson interval, computed from the episode log', () => {
    const episodes = pick('alfworld', 'seen', 'step-hrl');
    const rate = wilson(episodes.filter((r) => r.success).length, episodes.length);
    const cell = `${(rate.value * 100).toFixed(1)} [${(rate.low * 100).toFixed(1)}, ${(rate.high * 100).toFixed(1)}]`;
    const row = files['report.md'].split('\n').find((line) => line.startsWith('| step-hrl |'))!;
    expect(row.split('|')[2]).toContain(cell);
  });

  it('reports token ratios and paired tests for step-hrl against the other agents', () => {
    const md = files['report.md'];
    expect(md).toContain('step-hrl / hrl');
    expect(md).toContain('step-hrl / vanilla-rl');
    expect(md).not.toContain('step-hrl / random'); // random makes no policy calls: no ratio
    expect(md).toContain('## Paired comparisons');
  });

  it('breaks results down by task type, summarises training and states provenance', () => {
    const md = files['report.md'];
    expect(md).toContain('### scienceworld · unseen');
    expect(md).toMatch(/\| 4-4 find-animal \|/);
    expect(md).toMatch(/\| alfworld \| step-hrl \| bc-epoch \| 1 \| 5 \| samples 5,100 \| — \| .*losses\.progress: /);
    expect(md).toMatch(/\| alfworld \| step-hrl \| rollouts \| 1 \| — \| episodes 300, transitions 5,400 \| \d{2,3}\.\d \| — \|/);
    expect(md).toContain('| Suite hash | sha256:3f1c9a0d2b7e4c5f |');
    expect(md).toContain('| Tensor backend | wasm |');
    expect(md).toContain('| Seeds | 1 |');
    expect(md).toContain('| Git revision | a1b2c3d4e5f6a7b8c9d0 |');
  });
});

describe('report.json', () => {
  const model = () => JSON.parse(files['report.json']);

  it('is valid JSON with a versioned format and the main table', () => {
    const report = model();
    expect(report.format).toBe('step-hrl-harness/report');
    expect(report.version).toBe(2);
    expect(report.main.map((row: { agent: string }) => row.agent)).toEqual([...fixtureAgents]);
    expect(files['report.json']).not.toMatch(/NaN|Infinity/);
  });

  it('gives the token ratio of step-hrl to hrl over paired episodes', () => {
    const tokensPerStep = (r: EpisodeRecord) => r.tokens.total / r.steps;
    const candidate = records.filter((r) => r.env === 'alfworld' && r.agent === 'step-hrl');
    const baseline = new Map(records.filter((r) => r.env === 'alfworld' && r.agent === 'hrl').map((r) => [`${r.split}/${r.episode}`, r]));
    let sumCandidate = 0;
    let sumBaseline = 0;
    for (const r of candidate) {
      sumCandidate += tokensPerStep(r);
      sumBaseline += tokensPerStep(baseline.get(`${r.split}/${r.episode}`)!);
    }
    const ratio = model().ratios.find((row: { env: string; baseline: string }) => row.env === 'alfworld' && row.baseline === 'hrl');
    expect(ratio.ratio.value).toBeCloseTo(sumCandidate / sumBaseline, 10);
    expect(ratio.ratio.pairs).toBe(candidate.length);
    expect(ratio.ratio.low).toBeLessThanOrEqual(ratio.ratio.value);
    expect(ratio.ratio.high).toBeGreaterThanOrEqual(ratio.ratio.value);
  });

  it('runs an exact McNemar test on the episodes both agents ran', () => {
    const mine = new Map(pick('scienceworld', 'unseen', 'step-hrl').map((r) => [r.episode, r.success]));
    let onlyMine = 0;
    let onlyTheirs = 0;
    for (const r of pick('scienceworld', 'unseen', 'hrl')) {
      if (mine.get(r.episode) && !r.success) onlyMine++;
      if (!mine.get(r.episode) && r.success) onlyTheirs++;
    }
    const row = model().paired.find(
      (p: { env: string; split: string; baseline: string }) => p.env === 'scienceworld' && p.split === 'unseen' && p.baseline === 'hrl',
    );
    expect(row.comparison.success.onlyCandidate).toBe(onlyMine);
    expect(row.comparison.success.onlyBaseline).toBe(onlyTheirs);
    expect(row.comparison.success.pValue).toBeCloseTo(exactMcNemar(onlyMine, onlyTheirs).pValue, 12);
  });
});

describe('CSV summaries', () => {
  it('writes one summary row per env × split × agent with interval columns', () => {
    const lines = files['summary.csv'].trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'env,split,agent,episodes,errors,success,success_low,success_high,success_n,score,score_low,score_high,score_n,' +
        'tokens-per-step,tokens-per-step_low,tokens-per-step_high,tokens-per-step_n,steps,steps_low,steps_high,steps_n',
    );
    expect(lines).toHaveLength(1 + 2 * 2 * fixtureAgents.length);
  });

  it('counts successes per task type as the episode log does', () => {
    const lines = files['tasks.csv']
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(','));
    expect(lines).toHaveLength(2 * 2 * 6 * fixtureAgents.length);
    const row = lines.find(
      ([env, split, task, agent]) => env === 'alfworld' && split === 'unseen' && task === 'pick_heat_then_place_in_recep' && agent === 'hrl',
    )!;
    const episodes = pick('alfworld', 'unseen', 'hrl').filter((r) => r.task === 'pick_heat_then_place_in_recep');
    expect(Number(row[4])).toBe(episodes.length);
    expect(Number(row[5])).toBeCloseTo(episodes.filter((r) => r.success).length / episodes.length, 12);
  });

  it('quotes fields that hold commas, quotes or line breaks', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [null, 1.5],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n,1.5\r\n');
  });
});

describe('report.html', () => {
  it('is one self-contained file: no script, nothing fetched', () => {
    const page = files['report.html'];
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/\s(src|href)="(https?:)?\/\//i);
    expect(page).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    expect(page).toContain('id="table-main"');
    expect(page.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
  });
});

describe('reporting reads the run as a stream', () => {
  it('makes one pass over the episode log for all four reporters', async () => {
    const view = await openRun(dir);
    let passes = 0;
    const counted: RunView = {
      ...view,
      episodes: () => {
        passes++;
        return view.episodes();
      },
    };
    await renderAll(counted);
    expect(passes).toBe(1);
  });

  it('gives the same reports whatever order the episodes were logged in', async () => {
    const shuffled = join(root, 'shuffled');
    cpSync(dir, shuffled, { recursive: true });
    const lines = readFileSync(join(dir, 'episodes.jsonl'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(shuffled, 'episodes.jsonl'), createRng('reorder').shuffle(lines).join('\n') + '\n');
    const again = await renderAll(await openRun(shuffled));
    expect(again['report.md']).toBe(files['report.md']);
    expect(again['report.json']).toBe(files['report.json']);
    expect(again['paired.csv']).toBe(files['paired.csv']);
  });

  it('reports a run that stopped before writing its summary', async () => {
    const partial = join(root, 'partial');
    await writeFixtureRun(partial, { variations: 1, withoutSummary: true });
    const report = await renderAll(await openRun(partial));
    const episodes = readEpisodes(partial).filter((r) => r.env === 'alfworld' && r.split === 'seen' && r.agent === 'hrl');
    const rate = wilson(episodes.filter((r) => r.success).length, episodes.length);
    const row = report['report.md'].split('\n').find((line) => line.startsWith('| hrl |'))!;
    expect(row.split('|')[2]).toContain(`${(rate.value * 100).toFixed(1)} [${(rate.low * 100).toFixed(1)}, ${(rate.high * 100).toFixed(1)}]`);
  });

  it('lets a report compare against another reference agent, and names an unknown one', async () => {
    const view = await openRun(dir);
    const report = await renderAll(view, { reference: 'hrl' });
    expect(report['report.md']).toContain('hrl / vanilla-rl');
    await expect(renderAll(view, { reference: 'nobody' })).rejects.toThrow(/reference: no agent "nobody"/);
  });
});

describe('a run of an older harness', () => {
  it('reports from format-1 records and a summary without seeds', async () => {
    const old = join(root, 'old');
    await writeFixtureRun(old, { variations: 1, seeds: [1, 2], format: 1 });
    const summary = JSON.parse(readFileSync(join(old, 'summary.json'), 'utf8'));
    for (const row of summary.rows) {
      delete row.seeds;
      delete row.perSeed;
    }
    writeFileSync(join(old, 'summary.json'), JSON.stringify(summary));
    const report = await renderAll(await openRun(old));
    expect(report['report.md']).toContain('## Main results');
    expect(report['report.md']).toContain('Pools 2 training seeds (1, 2).'); // the seeds come from the episodes
    expect(report['per-seed.csv']).toBeUndefined(); // per-seed figures are the summary's, which has none
  });
});

describe('a run with several training seeds', () => {
  it("says in every table how many seeds it pools, and shows each seed's figures", async () => {
    const seeded = join(root, 'seeded');
    await writeFixtureRun(seeded, { variations: 1, seeds: [1, 2] });
    const report = await renderAll(await openRun(seeded));
    const md = report['report.md'];
    expect(md).toContain('Across 2 training seeds (1, 2): each value is the mean of the per-seed values');
    expect(md).toContain('### Per training seed');
    for (const caption of md.split('\n').filter((line) => /^(Counted by|Policy calls by|Mean tokens per step of|Each cell:|Every metric of)/.test(line))) {
      expect(caption).toContain('Pools 2 training seeds (1, 2).');
    }
    const perSeed = report['per-seed.csv'].trimEnd().split('\r\n');
    expect(perSeed[0]).toMatch(/^env,split,agent,seed,episodes,errors,success,/);
    expect(perSeed).toHaveLength(1 + 2 * 2 * fixtureAgents.length * 2);
    // The single-seed report of the same kind says so too.
    expect(files['report.md']).toContain('One training seed (1).');
  });
});

describe('episodes run again after an error', () => {
  it('count once, with the outcome of the later record', async () => {
    const retried = join(root, 'retried');
    cpSync(dir, retried, { recursive: true });
    const failed = records.find((r) => r.agent === 'hrl' && r.env === 'alfworld' && r.split === 'seen' && !r.success)!;
    const others = records.filter((r) => r !== failed);
    const errored = { ...failed, error: 'agent hrl timed out', end: 'error' };
    const rerun = { ...failed, success: true, score: 100, error: null, end: 'done' };
    // The errored attempt was logged first; the resumed run appended the retry later.
    const log = [errored, ...others, rerun].map((r) => JSON.stringify(r)).join('\n') + '\n';
    writeFileSync(join(retried, 'episodes.jsonl'), log);
    rmSync(join(retried, 'summary.json'));
    const report = JSON.parse((await renderAll(await openRun(retried)))['report.json']);
    const cell = report.main.find((row: { agent: string }) => row.agent === 'hrl').cells[0];
    const episodes = pick('alfworld', 'seen', 'hrl');
    expect(cell.episodes).toBe(episodes.length);
    expect(cell.errors).toBe(0);
    expect(cell.success.value).toBeCloseTo((episodes.filter((r) => r.success).length + 1) / episodes.length, 12);
  });
});
