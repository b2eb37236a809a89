/**
 * Viewer benchmark: `harness view` on the 100,000-episode run folder of bench/report-100k.ts (generated if
 * absent), in a child process whose peak resident memory (`VmHWM`) is read until it stops. Measured twice:
 * without the index cache beside the log (the first time a run is viewed: the log is indexed by byte
 * offset), and with it. Each time, from starting the command:
 *   - the server's address printed;
 *   - the first page shown: the episode browser's first 100 rows, in headless Chromium when /usr/bin/chromium
 *     exists (else the same requests over HTTP: the page, its script, the run, the first rows);
 * then how long until the whole log is indexed (in the background, a slice at a time), and a browsing session,
 * timed step by step: the run's summary page, a filtered list, a text search with many matches and one with
 * none (answered after one time-limited slice of the scan), a transcript, two agents side by side. Targets:
 * first page under 3 s, peak RSS under 500 MB.
 *
 *   npx tsx bench/view-100k.ts [--episodes 100000] [--dir /tmp/report-100k] [--rounds 1]
 *
 * With several rounds (on a shared machine, say), each round runs both sessions and the medians close the report.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumPath, launchChromium } from '../test/chromium.ts';
import { peakRssMiB } from './peak-rss.ts';
import { syntheticRun100k } from './run-100k.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? undefined : args[at + 1];
};
const bin = resolve(import.meta.dirname, '../harness/bin.mjs');

const { dir, episodes, logBytes } = await syntheticRun100k(option('dir') ?? join(tmpdir(), 'report-100k'), Number(option('episodes') ?? 100_000));
console.log(`run folder ${dir}: ${episodes.toLocaleString('en-US')} episodes, episodes.jsonl ${(logBytes / 2 ** 20).toFixed(0)} MiB`);
console.log(
  `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; ${existsSync(chromiumPath) ? 'pages timed in headless Chromium' : 'pages timed over HTTP'}\n`,
);

// Node's fetch loads its HTTP client on first use: load it now, not in the middle of a measurement.
await fetch('data:text/plain,warm-up');
const rounds = Number(option('rounds') ?? 1);
const results: Record<string, { first: number; peak: number }[]> = { cold: [], warm: [] };
for (let round = 1; round <= rounds; round++) {
  if (rounds > 1) console.log(`── round ${round} of ${rounds}`);
  rmSync(join(dir, 'episodes.jsonl.index'), { force: true });
  results.cold.push(await session('without the index cache (first view of the run)', true));
  results.warm.push(await session('with the index cache beside the log', false));
}
if (rounds > 1) {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const [which, list] of Object.entries(results)) {
    console.log(
      `median of ${rounds} rounds, ${which === 'cold' ? 'without' : 'with'} the cache: first page ${(median(list.map((r) => r.first)) / 1000).toFixed(2)} s ` +
        `[${list.map((r) => (r.first / 1000).toFixed(2)).join(', ')}], peak RSS ${median(list.map((r) => r.peak)).toFixed(0)} MiB`,
    );
  }
}

async function session(title: string, cold: boolean): Promise<{ first: number; peak: number }> {
  console.log(title);
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'view', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let peak = 0;
  const poll = setInterval(() => {
    peak = Math.max(peak, peakRssMiB(child.pid!) ?? 0);
  }, 25);
  try {
    const url = await addressOf(child);
    const ready = performance.now() - started;
    const steps: [string, number][] = [];
    const browse = existsSync(chromiumPath) ? await inChromium(url) : overHttp(url);
    const first = (await browse.open('#/run/0/episodes', '#episodes tbody tr')) + ready;
    // The rest of the log is indexed in the background; the session below starts once it is done.
    while ((await json(url, '/api/runs/0')).indexing !== null) await new Promise((done) => setTimeout(done, 50));
    const indexed = performance.now() - started;
    steps.push(['run summary page', await browse.open('#/run/0', '#summary table')]);
    steps.push([
      'filter: step-hrl, no success, scienceworld',
      await browse.open('#/run/0/episodes?env=scienceworld&agent=step-hrl&success=no', '#episodes tbody tr'),
    ]);
    steps.push(['text search "apple 3" (first 100 matches)', await browse.open('#/run/0/episodes?agent=hrl&q=apple%203', '#episodes tbody tr')]);
    steps.push(['text search found nowhere (one scan slice)', await browse.open('#/run/0/episodes?q=found%20nowhere', '#status')]);
    // An hrl episode far into the log, and step-hrl on the same episode.
    const [hrl] = (await json(url, '/api/runs/0/episodes?env=alfworld&agent=hrl&from=5000&limit=1')).items;
    const other = (await json(url, `/api/runs/0/episodes/${hrl.n}`)).others.find((o: { agent: string }) => o.agent === 'step-hrl');
    steps.push([`a transcript (hrl, ${hrl.steps} steps)`, await browse.open(`#/run/0/episode/${hrl.n}`, '.transcript .step')]);
    steps.push([`side by side with step-hrl (${other.steps} steps)`, await browse.open(`#/run/0/side/${hrl.n}/${other.n}`, '#side .step')]);
    await browse.close();
    peak = Math.max(peak, peakRssMiB(child.pid!) ?? 0);
    console.log(`  server ready (address printed)   ${(ready / 1000).toFixed(2)} s after the command`);
    console.log(`  first page (100 episode rows)    ${(first / 1000).toFixed(2)} s after the command (target < 3 s)`);
    // With the cache there is nothing left to index once the run is opened.
    if (cold) console.log(`  whole log indexed                ${(indexed / 1000).toFixed(2)} s after the command`);
    for (const [what, ms] of steps) console.log(`  ${what.padEnd(50)} ${(ms / 1000).toFixed(2)} s`);
    console.log(`  peak RSS of the viewer process   ${peak.toFixed(0)} MiB (target < 500 MB)\n`);
    return { first, peak };
  } finally {
    clearInterval(poll);
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
  }
}

interface Browse {
  /** Navigates to a route and waits until `selector` is on the page; returns the milliseconds it took. */
  open(route: string, selector: string): Promise<number>;
  close(): Promise<void>;
}

async function inChromium(url: string): Promise<Browse> {
  const profile = join(tmpdir(), `view-100k-profile-${process.pid}`);
  const browser = await launchChromium(profile, { width: 1280, height: 900 });
  const tab = await browser.newPage();
  let loaded = false;
  return {
    async open(route, selector) {
      const started = performance.now();
      if (!loaded) {
        await tab.goto(url + route);
        loaded = true;
      } else {
        // A new route replaces the page's content: wait for what the previous one showed to go.
        await tab.evaluate(() => document.getElementById('app')?.replaceChildren());
        await tab.evaluate((hash) => {
          location.hash = hash;
        }, route);
      }
      await tab.waitForSelector(selector, { timeout: 60_000 });
      return performance.now() - started;
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function overHttp(url: string): Browse {
  let loaded = false;
  const get = async (path: string) => {
    const response = await fetch(new URL(path, url));
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.text();
  };
  // The requests the page makes for each route.
  const requests = (route: string): string[] => {
    const [path, query = ''] = route.replace(/^#/, '').split('?');
    const parts = path.split('/').filter(Boolean);
    if (parts[2] === 'episodes') return ['/api/runs/0', `/api/runs/0/episodes?${query}`];
    if (parts[2] === 'episode') return ['/api/runs/0', `/api/runs/0/episodes/${parts[3]}`];
    if (parts[2] === 'side') return ['/api/runs/0', `/api/runs/0/episodes/${parts[3]}`, `/api/runs/0/episodes/${parts[4]}`];
    return ['/api/runs/0'];
  };
  return {
    async open(route) {
      const started = performance.now();
      if (!loaded) {
        await Promise.all(['/', '/app.js', '/app.css'].map(get));
        loaded = true;
      }
      for (const path of requests(route)) await get(path);
      return performance.now() - started;
    },
    async close() {},
  };
}

async function json(url: string, path: string) {
  return (await fetch(new URL(path, url))).json();
}

/** The URL the viewer prints once it listens. */
function addressOf(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
      if (match) done(match[1]);
    });
    child.once('exit', (code) => fail(new Error(`harness view exited (${code}) before listening`)));
  });
}
