import { describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../harness/api.ts';
import { buildReportModel } from '../../harness/report/model.ts';
import { renderMarkdown } from '../../plugins/reporters/markdown/render.ts';
import { episodeRecord, memoryRun } from './helpers.ts';

/** Ten episodes per agent; `solved` of them succeed. Agents make policy calls except random and oracle. */
function episodes(agent: string, solved: number): EpisodeRecord[] {
  return Array.from({ length: 10 }, (_, i) =>
    episodeRecord({
      env: 'alfworld',
      split: 'seen',
      agent,
      episode: `e${i}`,
      success: i < solved,
      score: i < solved ? 100 : 0,
      tokens: { total: agent === 'random' || agent === 'oracle' ? 0 : 4000, prompt: 0, completion: 0, perStep: [], byRole: {} },
    }),
  );
}

// The oracle is listed last, as a suite may well list it: it must not become the reference for that.
const agents = [
  { id: 'random', use: 'random' },
  { id: 'glider', use: 'hrl' },
  { id: 'mine', use: 'step-hrl' },
  { id: 'expert', use: 'oracle' },
];
const records = [...episodes('random', 0), ...episodes('glider', 5), ...episodes('mine', 7), ...episodes('expert', 10)];

describe('reference agent and bound rows', () => {
  it('leaves random and oracle out of "best in column", by plugin whatever their ids', async () => {
    const model = await buildReportModel(await memoryRun(records, { agents }));
    expect(model.bounds).toEqual(['random', 'expert']);
    const best = model.main.filter((row) => row.cells[0]?.best.success).map((row) => row.agent);
    expect(best).toEqual(['mine']);
  });

  it('compares every agent with the last agent that is not a bound, and says so', async () => {
    const model = await buildReportModel(await memoryRun(records, { agents }));
    expect(model.reference).toBe('mine');
    expect(model.paired.map((p) => `${p.candidate} vs ${p.baseline}`)).toEqual(['mine vs random', 'mine vs glider', 'mine vs expert']);
    const markdown = renderMarkdown(model);
    expect(markdown).toContain('Reference agent of the comparisons (token ratios, paired tests): mine (the last agent of the suite that does not bound');
    expect(markdown).toContain('expert bound the scale and are not ranked');
  });

  it('takes the reference and the bounds from the reporter options', async () => {
    const run = await memoryRun(records, { agents });
    const chosen = await buildReportModel(run, { reference: 'glider' });
    expect(chosen.reference).toBe('glider');
    expect(renderMarkdown(chosen)).toContain('glider (set by the reporter option `reference`)');
    const unbounded = await buildReportModel(run, { bounds: [] });
    expect(unbounded.reference).toBe('expert');
    expect(unbounded.main.find((row) => row.agent === 'expert')!.cells[0]!.best.success).toBe(true);
    await expect(buildReportModel(run, { reference: 'nobody' })).rejects.toThrow(/reference: no agent "nobody"/);
  });

  it('has no comparisons with a single agent, and no reference when all are bounds', async () => {
    const single = await buildReportModel(await memoryRun(episodes('mine', 7), { agents: [{ id: 'mine', use: 'step-hrl' }] }));
    expect(single.reference).toBeNull();
    expect(single.paired).toEqual([]);
    const bounds = await buildReportModel(
      await memoryRun([...episodes('random', 0), ...episodes('expert', 10)], {
        agents: [
          { id: 'random', use: 'random' },
          { id: 'expert', use: 'oracle' },
        ],
      }),
    );
    expect(bounds.reference).toBeNull();
    expect(bounds.main.some((row) => row.cells[0]?.best.success)).toBe(false);
  });
});
