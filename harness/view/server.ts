import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import {
  agentColours,
  allMetricsTable,
  boundAgents,
  count,
  htmlTable,
  naturalCompare,
  orderBy,
  perSeedTable,
  stylesheet,
  suiteOrder,
  type TaskCell,
  taskTables,
} from '../report/index.ts';
import { wilson } from '../stats/intervals.ts';
import { type EpisodeEntry, EpisodeIndex, type EpisodeQuery } from './episode-index.ts';
import type { RunListing } from './runs.ts';
import { transcriptOf } from './transcript.ts';

/**
 * `harness view`: a small HTTP server on 127.0.0.1 that serves the viewer's page (plain HTML, CSS and JS from
 * `client/`, nothing from the network) and a JSON API over the runs given:
 *
 *   GET /api/runs                       the runs
 *   GET /api/runs/:id                   a run: what it holds, the values its episodes can be filtered by
 *   GET /api/runs/:id/tables            its summary and task tables (HTML, cells linking into the episode list)
 *   GET /api/runs/:id/episodes?…        episodes by env, split, task, agent, seed, success, end, error; text search (q)
 *   GET /api/runs/:id/episodes/:n       one episode's transcript, and the other agents' records of the same episode
 *
 * A run's episode log is indexed by byte offset the first time the run is opened (the index is cached beside
 * the log), a slice at a time between requests, so the first page of a large log is shown while the rest is
 * indexed; answers say how far indexing has come. Records are read from disk only when shown or searched.
 */
export interface Viewer {
  url: string;
  close(): Promise<void>;
}

const client = join(import.meta.dirname, 'client');
const pageSize = 100;
/** Bytes indexed per slice: a few tens of milliseconds, so requests are answered between slices. */
const sliceBytes = 32 << 20;

export function startViewer(runs: RunListing[], options: { port: number; host?: string }): Promise<Viewer> {
  const files: Record<string, { type: string; body: string }> = {
    '/': { type: 'text/html; charset=utf-8', body: readFileSync(join(client, 'index.html'), 'utf8') },
    '/app.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(client, 'app.js'), 'utf8') },
    '/app.css': { type: 'text/css; charset=utf-8', body: stylesheet + readFileSync(join(client, 'app.css'), 'utf8') },
  };
  const indexes = new Map<number, EpisodeIndex>();
  const indexing = new Set<number>();
  /** The run's index, brought up to date in the background (the log may still be growing, or be huge). */
  const indexOf = (run: RunListing) => {
    let index = indexes.get(run.id);
    if (!index) indexes.set(run.id, (index = EpisodeIndex.open(join(run.dir, 'episodes.jsonl')).index));
    if (!indexing.has(run.id)) {
      indexing.add(run.id);
      const slice = () => {
        try {
          if (index.step(sliceBytes)) indexing.delete(run.id);
          else setImmediate(slice);
        } catch (error) {
          // The log went away or cannot be read: what was indexed stays; the next request tries again.
          indexing.delete(run.id);
          console.error(`harness view: ${run.dir}: ${(error as Error).message}`);
        }
      };
      slice();
    }
    return index;
  };

  const server = createServer((request, response) => {
    let answer: Answer;
    try {
      answer = route(request);
    } catch (error) {
      answer = { status: 500, body: { error: (error as Error).message } };
    }
    if ('file' in answer) {
      response.writeHead(200, { 'content-type': answer.file.type, 'cache-control': 'no-store' });
      response.end(answer.file.body);
    } else {
      response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      response.end(answer.status === 204 ? undefined : JSON.stringify(answer.body));
    }
  });

  function route(request: IncomingMessage): Answer {
    if (request.method !== 'GET') return { status: 405, body: { error: 'only GET' } };
    const url = new URL(request.url ?? '/', 'http://viewer');
    if (url.pathname === '/favicon.ico') return { status: 204, body: null };
    const file = files[url.pathname];
    if (file) return { file };
    const parts = url.pathname.split('/').filter(Boolean);
    const missing = { status: 404, body: { error: `no such page: ${url.pathname}` } };
    if (parts[0] !== 'api' || parts[1] !== 'runs') return missing;
    if (parts.length === 2) return { status: 200, body: runs.map(runSummary) };
    const run = /^\d+$/.test(parts[2]) ? runs[Number(parts[2])] : undefined;
    if (!run) return { status: 404, body: { error: `no run ${parts[2]}` } };
    const index = indexOf(run);
    if (parts.length === 3) return { status: 200, body: runFacts(run, index) };
    if (parts[3] === 'tables' && parts.length === 4) return { status: 200, body: runTables(run, index) };
    if (parts[3] === 'episodes' && parts.length === 4) return { status: 200, body: episodeList(index, url.searchParams) };
    if (parts[3] === 'episodes' && parts.length === 5) {
      const n = Number(parts[4]);
      if (!Number.isInteger(n) || n < 1 || n > index.size) return { status: 404, body: { error: `no episode ${parts[4]} in run ${run.runId}` } };
      return { status: 200, body: episodePage(run, index, n - 1) };
    }
    return missing;
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** What a request is answered with: one of the page's files, or JSON with a status. */
type Answer = { file: { type: string; body: string } } | { status: number; body: unknown };

function runSummary(run: RunListing) {
  const { manifest: _, summary: __, ...listing } = run;
  return listing;
}

/** The run's order of envs, splits and agents (as its suite lists them), and the agents' colours. */
function layout(run: RunListing, index: EpisodeIndex) {
  const order = suiteOrder(run.manifest);
  const agents = orderBy(index.agents.values, order.agents);
  return {
    agents,
    envs: orderBy(index.envs.values, order.envs),
    splits: orderBy(index.splits.values, [...new Set([...order.splits.values()].flat())]),
    colours: agentColours(agents),
  };
}

/** What a run holds and what its episodes can be filtered by: cheap, for every page of the run. */
function runFacts(run: RunListing, index: EpisodeIndex) {
  const { agents, envs, splits, colours } = layout(run, index);
  const seeds = index.seedValues();
  const indexed = index.filter({}).length;
  return {
    ...runSummary(run),
    indexed,
    indexing: progressOf(index),
    colours,
    facets: {
      envs,
      splits,
      agents,
      tasks: [...index.tasks.values].sort(naturalCompare),
      ends: orderBy(index.ends.values, ['done', 'step-limit', 'error']),
      seeds,
    },
    facts: [
      `${count(indexed)} episodes`,
      `${envs.length} env${envs.length === 1 ? '' : 's'}`,
      `${agents.length} agent${agents.length === 1 ? '' : 's'}`,
      `seed${seeds.length === 1 ? '' : 's'} ${seeds.join(', ')}`,
    ],
  };
}

/** The run page's tables: the summary with intervals, and the task tables from the index, linking to episodes. */
function runTables(run: RunListing, index: EpisodeIndex) {
  const { agents, envs, splits, colours } = layout(run, index);
  const bounds = boundAgents(run.manifest, agents);
  const seeds = index.seedValues();
  const link = (query: Record<string, string | number>) =>
    `#/run/${run.id}/episodes?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;

  let summaryHtml = '<p class="empty">This run has no summary.json (it stopped before its end): <code>harness report</code> writes it.</p>';
  if (run.summary) {
    const metrics = run.summary.metrics;
    const summaryRows = run.summary.rows;
    summaryHtml = htmlTable(
      allMetricsTable({ metrics, summaryRows, seeds }, (row) => link({ env: row.env, split: row.split, agent: row.agent })),
      colours,
      false,
    );
    const perSeed = summaryRows.flatMap((row) => (row.perSeed ?? []).map((s) => ({ env: row.env, split: row.split, agent: row.agent, ...s })));
    if (perSeed.length > 0) summaryHtml += htmlTable(perSeedTable({ metrics, perSeed, seeds }), colours);
  }

  const tasks: TaskCell[] = index
    .taskCounts()
    .map((c) => ({
      env: c.env,
      split: c.split,
      task: c.task,
      agent: c.agent,
      episodes: c.episodes,
      success: wilson(c.successes, c.episodes),
      meanScore: c.scoreSum / c.episodes,
    }))
    .sort((a, b) => naturalCompare(a.task, b.task));
  const columns = envs.flatMap((env) => splits.filter((split) => tasks.some((t) => t.env === env && t.split === split)).map((split) => ({ env, split })));
  const tasksHtml = taskTables({ columns, tasks, agents, bounds, seeds }, (t) => link({ env: t.env, split: t.split, task: t.task, agent: t.agent }))
    .map((table) => htmlTable(table, colours))
    .join('');
  return { summaryHtml, tasksHtml, indexing: progressOf(index) };
}

/** The query of an episode list, from its URL parameters. */
function queryOf(params: URLSearchParams): EpisodeQuery {
  const text = (name: string) => params.get(name) || undefined;
  const flag = (name: string) => (params.get(name) === 'yes' ? true : params.get(name) === 'no' ? false : undefined);
  const seed = params.get('seed');
  return {
    env: text('env'),
    split: text('split'),
    task: text('task'),
    agent: text('agent'),
    end: text('end'),
    seed: seed ? Number(seed) : undefined,
    success: flag('success'),
    error: flag('error'),
  };
}

/**
 * A page of the episodes that match: by position among them (`from`), or, with a text search (`q`), the next
 * matches from a scan position, since how many match is known only once the scan reaches the end.
 */
function episodeList(index: EpisodeIndex, params: URLSearchParams) {
  const candidates = index.filter(queryOf(params));
  const from = Math.max(0, Number(params.get('from') ?? 0) || 0);
  const limit = Math.min(500, Math.max(1, Number(params.get('limit') ?? pageSize) || pageSize));
  const q = params.get('q')?.trim();
  const indexing = progressOf(index);
  if (!q) {
    const items = candidates.slice(from, from + limit).map((i) => listItem(index.entry(i)));
    return { total: candidates.length, from, items, next: from + limit < candidates.length ? from + limit : null, indexing };
  }
  const found = index.search(candidates, q, from, limit);
  return {
    total: null,
    candidates: candidates.length,
    from,
    items: found.matches.map((i) => listItem(index.entry(i))),
    next: found.next,
    scanned: from + found.scanned,
    indexing,
  };
}

/** How much of the log is indexed, in percent, while indexing goes on; null once done. */
function progressOf(index: EpisodeIndex): number | null {
  const progress = index.progress();
  return progress ? Math.floor((100 * progress.done) / Math.max(1, progress.total)) : null;
}

function listItem(entry: EpisodeEntry) {
  const { offset: _, length: __, ...shown } = entry;
  return shown;
}

function episodePage(run: RunListing, index: EpisodeIndex, i: number) {
  const entry = index.entry(i);
  return {
    run: run.id,
    entry: listItem(entry),
    transcript: transcriptOf(index.read(i)),
    // The same episode (env, split, seed, id) as the other agents ran it: to read them side by side.
    others: index
      .sameEpisode(i)
      .filter((j) => j !== i)
      .map((j) => listItem(index.entry(j))),
    show: `harness show ${run.dir} ${entry.n}`,
  };
}
