import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRun } from '../../harness/report/open-run.ts';
import html from '../../plugins/reporters/html/index.ts';
import { chromiumPath, hasChromium, launchChromium, watchPage } from '../chromium.ts';
import { writeFixtureRun } from './fixture.ts';

/**
 * Opens report.html in headless Chromium (Debian's `chromium` package), as a reader would: the page must
 * load with no console error and no request beyond its own file, show its tables, and draw every chart.
 * Set SAVE_REPORT_SCREENSHOT=<path> to keep the screenshot of the page's top (docs/report-screenshot.png).
 */
if (!hasChromium) console.warn(`report.html browser test skipped: ${chromiumPath} not found (install Debian's chromium package)`);

describe.skipIf(!hasChromium)('report.html in headless Chromium', () => {
  let root: string;
  let page: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'report-browser-'));
    const dir = join(root, 'run');
    await writeFixtureRun(dir, { variations: 3, seeds: [1, 2] });
    const [file] = await html.render(await openRun(dir), {});
    page = join(dir, file.path);
    writeFileSync(page, file.content);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('renders the tables and non-empty charts without console errors or network requests', async () => {
    const browser = await launchChromium(join(root, 'profile'), { width: 1280, height: 1500 });
    try {
      const tab = await browser.newPage();
      const { errors, requests } = watchPage(tab, 'file:');
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });

      const facts = await tab.evaluate(() => {
        const main = document.querySelector('#table-main');
        const charts = [...document.querySelectorAll('figure.chart')].map((figure) => {
          const svg = figure.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return {
            id: figure.id,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            // Drawn data marks (bars, lines, cells), not just axes and legends.
            marks: svg ? svg.querySelectorAll('.role-mark path, .role-mark text').length : 0,
          };
        });
        return {
          title: document.title,
          tables: document.querySelectorAll('table').length,
          mainRows: main ? [...main.querySelectorAll('tbody tr')].map((row) => row.querySelector('th')?.textContent?.trim()) : [],
          sections: [...document.querySelectorAll('section h2')].map((h) => h.textContent),
          charts,
        };
      });

      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(facts.title).toContain('fixture');
      expect(facts.mainRows).toEqual(['random', 'vanilla-rl', 'hrl', 'step-hrl']);
      expect(facts.tables).toBeGreaterThanOrEqual(10);
      expect(facts.sections).toEqual(
        expect.arrayContaining(['Main results', 'Token efficiency', 'Paired comparisons', 'Per task type', 'Training', 'Provenance']),
      );
      expect(facts.charts.map((c) => c.id)).toEqual(
        expect.arrayContaining(['chart-success', 'chart-score', 'chart-context-growth', 'chart-tasks-alfworld', 'chart-tasks-scienceworld', 'chart-training']),
      );
      for (const chart of facts.charts) {
        expect(chart.width, chart.id).toBeGreaterThan(100);
        expect(chart.height, chart.id).toBeGreaterThan(100);
        expect(chart.marks, chart.id).toBeGreaterThan(4);
      }

      const shot = join(root, 'report.png');
      await tab.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
      const keep = process.env.SAVE_REPORT_SCREENSHOT;
      if (keep) {
        await tab.screenshot({ path: join(root, 'top.png'), clip: { x: 0, y: 0, width: 1280, height: 1500 } });
        copyFileSync(join(root, 'top.png'), resolve(keep));
      }
    } finally {
      await browser.close();
    }
  });
});
