import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../harness/api.ts';
import { findRuns } from '../../harness/view/runs.ts';
import { startViewer, type Viewer } from '../../harness/view/server.ts';
import { chromiumPath, hasChromium, launchChromium, watchPage } from '../chromium.ts';
import { writeFixtureRun } from '../reporters/fixture.ts';
import { readEpisodes } from '../reporters/helpers.ts';

/**
 * `harness view` in headless Chromium (Debian's `chromium` package), as a reader uses it: the runs, a run's
 * page, the episode browser with its filters and text search, a transcript with its policy calls, and two
 * agents side by side, with no console error and no request beyond the viewer itself.
 * Set SAVE_VIEWER_SCREENSHOT=<path> to keep a screenshot of a side-by-side page (docs/viewer-screenshot.png),
 * of the run in VIEWER_SCREENSHOT_RUN=<run-dir> if given.
 */
if (!hasChromium) console.warn(`viewer browser test skipped: ${chromiumPath} not found (install Debian's chromium package)`);

describe.skipIf(!hasChromium)('harness view in headless Chromium', () => {
  let root: string;
  let records: EpisodeRecord[];
  let viewer: Viewer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'viewer-browser-'));
    await writeFixtureRun(join(root, 'runs', 'current'), { variations: 2, seeds: [1, 2], runId: 'current-run' });
    await writeFixtureRun(join(root, 'runs', 'older'), { variations: 1, format: 1, runId: 'older-run' });
    records = readEpisodes(join(root, 'runs', 'current'));
    viewer = await startViewer(findRuns([join(root, 'runs')]).runs, { port: 0 });
  });

  afterAll(async () => {
    await viewer?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists runs, filters and searches episodes, and shows transcripts alone and side by side', async () => {
    const browser = await launchChromium(join(root, 'profile'), { width: 1280, height: 1000 });
    try {
      const tab = await browser.newPage();
      const { errors, requests } = watchPage(tab, viewer.url);

      // The runs.
      await tab.goto(viewer.url);
      await tab.waitForSelector('#runs tbody tr');
      expect(await tab.locator('#runs .run-link').allTextContents()).toEqual(expect.arrayContaining(['current-run', 'older-run']));

      // A run's page: its summary with intervals, and task tables whose cells lead to those episodes.
      await tab.locator('#runs .run-link', { hasText: 'current-run' }).click();
      await tab.waitForSelector('#summary table');
      expect(await tab.locator('#summary').textContent()).toMatch(/\d+\.\d\s*\[\d+\.\d, \d+\.\d\]/);
      await tab.locator('#table-tasks-scienceworld-unseen a[href*="agent=hrl"]').first().click();
      await tab.waitForSelector('#episodes tbody tr');
      const fromTaskCell = decodeURIComponent(tab.url());
      expect(fromTaskCell).toContain('env=scienceworld');
      expect(fromTaskCell).toContain('task=1-1+boil');
      const expectedCell = records.filter((r) => r.env === 'scienceworld' && r.split === 'unseen' && r.task === '1-1 boil' && r.agent === 'hrl');
      expect(await tab.locator('#episodes tbody tr').count()).toBe(expectedCell.length);

      // The episode browser: filters from the selects, then a text search.
      await tab.goto(`${viewer.url}#/run/0/episodes`);
      await tab.waitForSelector('#episodes tbody tr');
      await tab.selectOption('#filters select[name=agent]', 'step-hrl');
      await tab.waitForFunction(() => location.hash.includes('agent=step-hrl'));
      await tab.selectOption('#filters select[name=success]', 'no');
      await tab.waitForFunction(() => location.hash.includes('success=no'));
      await tab.selectOption('#filters select[name=env]', 'alfworld');
      await tab.waitForFunction(() => location.hash.includes('env=alfworld'));
      await tab.waitForSelector('#episodes tbody tr');
      const expected = records.filter((r) => r.agent === 'step-hrl' && !r.success && r.env === 'alfworld');
      expect(await tab.locator('#status').textContent()).toBe(`Episodes 1–${expected.length} of ${expected.length}`);
      const shownAgents = await tab.locator('#episodes tbody tr td:nth-child(6)').allTextContents();
      expect(new Set(shownAgents)).toEqual(new Set(['step-hrl']));
      await tab.fill('#filters input[name=q]', 'KNIFE 1');
      await tab.click('#filters button');
      await tab.waitForFunction(() => location.hash.includes('q=KNIFE'));
      await tab.waitForSelector('#episodes tbody tr');
      const matching = expected.filter((r) => JSON.stringify(r).toLowerCase().includes('knife 1'));
      expect(await tab.locator('#episodes tbody tr').count()).toBe(matching.length);

      // One transcript: task, reset, each step's note, calls (a prompt opens to its exact text), action.
      const record = records.find((r) => r.agent === 'step-hrl' && r.env === 'alfworld' && r.steps > 3)!;
      const n = records.indexOf(record) + 1;
      await tab.goto(`${viewer.url}#/run/0/episode/${n}`);
      await tab.waitForSelector('.transcript .step');
      expect(await tab.locator('.task-text').textContent()).toBe(record.reset!.task);
      expect(await tab.locator('.start pre.observation').textContent()).toBe(record.reset!.observation);
      expect(await tab.locator('.transcript .step').count()).toBe(record.steps);
      const second = tab.locator('.transcript .step').nth(1);
      expect(await second.locator('.chip').allTextContents()).toEqual(Object.entries(record.trajectory[1].note!).map(([k, v]) => `${k}: ${v}`));
      expect(await second.locator('.action').textContent()).toBe(record.trajectory[1].action);
      const call = record.trajectory[1].calls![0];
      await second.locator('details.call summary').first().click();
      // The prompt is laid out when its call is opened.
      await expect.poll(() => second.locator('pre.prompt').first().textContent()).toBe(call.prompt.map((i) => record.parts![i]).join(''));

      // Two agents on the same episode, side by side.
      await tab.locator('#others a', { hasText: 'hrl' }).filter({ hasNotText: 'step' }).first().click();
      await tab.waitForSelector('#side .step');
      const hrl = records.find(
        (r) => r.agent === 'hrl' && r.env === record.env && r.split === record.split && r.seed === record.seed && r.episode === record.episode,
      )!;
      expect(await tab.locator('#side .column-head').allTextContents()).toEqual([expect.stringContaining('step-hrl'), expect.stringContaining('hrl')]);
      expect(await tab.locator('#side .step').count()).toBe(record.steps + hrl.steps);

      // A run of an older harness (format 1) still opens.
      await tab.goto(`${viewer.url}#/run/1/episode/1`);
      await tab.waitForSelector('.transcript .step');
      expect(await tab.locator('.transcript').textContent()).toContain('format 1');

      expect(errors).toEqual([]);
      expect(requests).toEqual([]);

      const keep = process.env.SAVE_VIEWER_SCREENSHOT;
      if (keep) await screenshot(browser, keep, record, n);
    } finally {
      await browser.close();
    }
  });

  /** The side-by-side page at 1280 × 900: of the fixture, or of the run in VIEWER_SCREENSHOT_RUN. */
  async function screenshot(browser: import('playwright-core').BrowserContext, path: string, record: EpisodeRecord, n: number): Promise<void> {
    const tab = await browser.newPage();
    await tab.setViewportSize({ width: 1280, height: 900 });
    const own = process.env.VIEWER_SCREENSHOT_RUN;
    let url = `${viewer.url}#/run/0/side/${n}/${n}`;
    let other: Viewer | null = null;
    if (own) {
      other = await startViewer(findRuns([own]).runs, { port: 0 });
      const log = readEpisodes(own);
      // The step-hrl episode with the most steps that another agent also ran, against hrl.
      const pick = log
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => r.agent === 'step-hrl' && r.success)
        .sort((a, b) => b.r.steps - a.r.steps)[0];
      const twin = log.findIndex((r) => r.agent === 'hrl' && r.env === pick.r.env && r.split === pick.r.split && r.episode === pick.r.episode);
      url = `${other.url}#/run/0/side/${pick.i + 1}/${twin + 1}`;
    } else {
      const twin = records.findIndex(
        (r) => r.agent === 'hrl' && r.env === record.env && r.split === record.split && r.seed === record.seed && r.episode === record.episode,
      );
      url = `${viewer.url}#/run/0/side/${n}/${twin + 1}`;
    }
    await tab.goto(url);
    await tab.waitForSelector('#side .step');
    await tab.locator('#side details.call summary').nth(2).click();
    await tab.screenshot({ path: resolve(path) });
    await other?.close();
  }
});
