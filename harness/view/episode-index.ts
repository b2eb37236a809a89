import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { EpisodeRecord } from '../api.ts';

/**
 * An episode log indexed by byte offset, so a viewer can list, filter and open any of 100,000 episodes without
 * holding the log: per record its place in the file and the few facts a list shows (env, split, agent, seed,
 * episode, task, outcome, how it ended), in typed columns. A record is read from disk only when it is opened
 * or searched.
 *
 * Indexing reads the file once and parses only each record's head (the fields before `tokens`) and tail
 * (`error`, `end`, `durationMs`), which the episode log writes first and last; a record laid out otherwise is
 * parsed whole. An episode logged twice (an error retried on resume) keeps its last record; the earlier one
 * is marked superseded, as the summary counts it.
 *
 * The index can be kept beside the log (`episodes.jsonl.index`, a file of its own: the run's files are never
 * rewritten) and reopened at once; records appended since are indexed on reopening, and a log that no longer
 * begins as it did when indexed is indexed afresh.
 */
export interface EpisodeEntry extends Facts {
  /** Position in the log among its records, from 1 (what `harness show <run> <n>` takes). */
  n: number;
  offset: number;
  length: number;
  /** A later record of the same episode replaces this one. */
  superseded: boolean;
}

/** What a list shows of an episode, from its record; `tokens` is the total, `end` as logged. */
type Facts = Pick<EpisodeRecord, 'env' | 'split' | 'agent' | 'seed' | 'episode' | 'task' | 'variation' | 'success' | 'score' | 'steps' | 'error'> & {
  tokens: number;
  end: string;
};

export interface EpisodeQuery {
  env?: string;
  split?: string;
  task?: string;
  agent?: string;
  seed?: number;
  episode?: string;
  success?: boolean;
  end?: string;
  /** true: only episodes that ended in an error; false: only those that did not. */
  error?: boolean;
  /** Include records a later record of the same episode replaces. */
  superseded?: boolean;
}

const tokensMarker = Buffer.from(',"tokens":');
const errorMarker = Buffer.from(',"error":');
const chunkSize = 4 << 20;
/** Bumped when the cached index's layout changes; an index of another version is rebuilt. */
const cacheVersion = 1;
/** The bytes of the log's start whose hash identifies it (an append-only log keeps its start). */
const headBytes = 64 << 10;

/** Distinct strings of a column as small codes, so 100,000 records naming one env hold it once. */
class Codes {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  has(value: string): number | undefined {
    return this.codes.get(value);
  }
}

export class EpisodeIndex {
  private count = 0;
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private seeds = new Float64Array(1024);
  private variations = new Int32Array(1024);
  private scores = new Float64Array(1024);
  private stepCounts = new Uint32Array(1024);
  private tokenTotals = new Float64Array(1024);
  private flags = new Uint8Array(1024);
  private codes = {
    env: new Uint16Array(1024),
    split: new Uint16Array(1024),
    agent: new Uint16Array(1024),
    task: new Uint32Array(1024),
    end: new Uint8Array(1024),
  };
  private readonly episodes: string[] = [];
  private readonly errors = new Map<number, string>();
  readonly envs = new Codes();
  readonly splits = new Codes();
  readonly agents = new Codes();
  readonly tasks = new Codes();
  readonly ends = new Codes();
  /** (env, split, agent, seed, episode) → the index of its latest record. */
  private readonly latest = new Map<string, number>();
  /** Whether `latest` covers the records indexed (an index read from its cache leaves it for later). */
  private latestKnown = true;
  /** Bytes of the log indexed so far (a growing log can be indexed further from here). */
  indexedBytes = 0;
  /** Where the index is kept beside the log, and how much of the log it held when last written. */
  private cacheFile: string | null = null;
  private savedBytes = -1;
  /** The read in progress (between steps of a large log). */
  private reading: { fd: number; total: number; position: number; carry: Buffer | null; carryStart: number; chunk: Buffer } | null = null;

  private constructor(readonly file: string) {}

  /** Indexes the whole log at once. */
  static build(file: string): EpisodeIndex {
    const index = new EpisodeIndex(file);
    index.extend();
    return index;
  }

  /**
   * The log's index as its cache file left it, if that still describes the log (else empty), not yet
   * brought up to date: `extend()` does that at once, `step()` a slice at a time. Once the index reaches the
   * log's end, the cache is written anew (if the folder can be written to).
   */
  static open(file: string): { index: EpisodeIndex; cached: boolean } {
    const cacheFile = `${file}.index`;
    const cached = existsSync(cacheFile) ? EpisodeIndex.fromCache(file, cacheFile) : null;
    const index = cached ?? new EpisodeIndex(file);
    index.cacheFile = cacheFile;
    index.savedBytes = cached ? index.indexedBytes : -1;
    return { index, cached: cached !== null };
  }

  private static fromCache(file: string, cacheFile: string): EpisodeIndex | null {
    try {
      const data = JSON.parse(readFileSync(cacheFile, 'utf8')) as CachedIndex;
      if (data.version !== cacheVersion || statSync(file).size < data.indexedBytes || data.head !== logHead(file, data.indexedBytes)) return null;
      const index = new EpisodeIndex(file);
      const column = <T>(base64: string, type: new (buffer: ArrayBuffer) => T): T => {
        const bytes = Buffer.from(base64, 'base64');
        return new type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      };
      index.count = data.count;
      index.offsets = column(data.offsets, Float64Array);
      index.lengths = column(data.lengths, Uint32Array);
      index.seeds = column(data.seeds, Float64Array);
      index.variations = column(data.variations, Int32Array);
      index.scores = column(data.scores, Float64Array);
      index.stepCounts = column(data.steps, Uint32Array);
      index.tokenTotals = column(data.tokens, Float64Array);
      index.flags = column(data.flags, Uint8Array);
      index.codes = {
        env: column(data.codes.env, Uint16Array),
        split: column(data.codes.split, Uint16Array),
        agent: column(data.codes.agent, Uint16Array),
        task: column(data.codes.task, Uint32Array),
        end: column(data.codes.end, Uint8Array),
      };
      for (const [codes, values] of [
        [index.envs, data.strings.env],
        [index.splits, data.strings.split],
        [index.agents, data.strings.agent],
        [index.tasks, data.strings.task],
        [index.ends, data.strings.end],
      ] as const) {
        for (const value of values) codes.code(value);
      }
      index.episodes.push(...data.episodes);
      for (const [i, error] of data.errors) index.errors.set(i, error);
      index.latestKnown = false; // rebuilt only if records were appended since
      index.indexedBytes = data.indexedBytes;
      return index;
    } catch {
      return null; // unreadable or from another version: index the log afresh
    }
  }

  private saveCache(cacheFile: string): void {
    const column = (array: Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array) =>
      Buffer.from(array.buffer, array.byteOffset, this.count * array.BYTES_PER_ELEMENT).toString('base64');
    const data: CachedIndex = {
      version: cacheVersion,
      indexedBytes: this.indexedBytes,
      head: logHead(this.file, this.indexedBytes),
      count: this.count,
      offsets: column(this.offsets),
      lengths: column(this.lengths),
      seeds: column(this.seeds),
      variations: column(this.variations),
      scores: column(this.scores),
      steps: column(this.stepCounts),
      tokens: column(this.tokenTotals),
      flags: column(this.flags),
      codes: {
        env: column(this.codes.env),
        split: column(this.codes.split),
        agent: column(this.codes.agent),
        task: column(this.codes.task),
        end: column(this.codes.end),
      },
      strings: { env: this.envs.values, split: this.splits.values, agent: this.agents.values, task: this.tasks.values, end: this.ends.values },
      episodes: this.episodes,
      errors: [...this.errors],
    };
    try {
      const temporary = `${cacheFile}.tmp-${process.pid}`;
      writeFileSync(temporary, JSON.stringify(data));
      renameSync(temporary, cacheFile);
    } catch {
      // A read-only run folder: the index is simply built again next time.
    }
  }

  get size(): number {
    return this.count;
  }

  /** Indexes what was appended to the log since the last call (a run still writing, a resumed one). */
  extend(): void {
    while (!this.step(Infinity));
  }

  /**
   * Indexes up to `maxBytes` more of the log; true once the index reaches the log's end. A viewer indexes a
   * large log a slice at a time between requests, so its first page need not wait for the whole log.
   */
  step(maxBytes: number): boolean {
    if (!this.reading && !existsSync(this.file)) return true; // a run that has not finished an episode yet
    if (!this.reading) {
      const fd = openSync(this.file, 'r');
      this.reading = {
        fd,
        total: fstatSync(fd).size,
        position: this.indexedBytes,
        carry: null,
        carryStart: this.indexedBytes,
        chunk: Buffer.allocUnsafe(chunkSize),
      };
    }
    const r = this.reading;
    try {
      let budget = maxBytes;
      while (r.position < r.total && budget > 0) {
        const read = readSync(r.fd, r.chunk, 0, Math.min(chunkSize, r.total - r.position), r.position);
        if (read === 0) break;
        let start = 0;
        let newline = r.chunk.indexOf(10, 0);
        while (newline !== -1 && newline < read) {
          const piece = r.chunk.subarray(start, newline);
          const line = r.carry ? Buffer.concat([r.carry, piece]) : piece;
          const lineStart = r.carry ? r.carryStart : r.position + start;
          r.carry = null;
          this.addLine(line, lineStart);
          start = newline + 1;
          newline = r.chunk.indexOf(10, start);
        }
        if (start < read) {
          if (!r.carry) r.carryStart = r.position + start;
          r.carry = r.carry ? Buffer.concat([r.carry, r.chunk.subarray(start, read)]) : Buffer.from(r.chunk.subarray(start, read));
        }
        r.position += read;
        budget -= read;
      }
    } catch (error) {
      closeSync(r.fd);
      this.reading = null;
      throw error;
    }
    // A last line without its newline is a record still being written (or torn by a kill): left for later.
    this.indexedBytes = r.carry ? r.carryStart : r.position;
    if (r.position < r.total) return false;
    closeSync(r.fd);
    this.reading = null;
    if (this.cacheFile && this.savedBytes !== this.indexedBytes) {
      this.saveCache(this.cacheFile);
      this.savedBytes = this.indexedBytes;
    }
    return true;
  }

  /** While the index is behind the log: how far it is ({done, total} bytes); null when it has caught up. */
  progress(): { done: number; total: number } | null {
    return this.reading ? { done: this.indexedBytes, total: this.reading.total } : null;
  }

  entry(i: number): EpisodeEntry {
    return {
      n: i + 1,
      offset: this.offsets[i],
      length: this.lengths[i],
      env: this.envs.values[this.codes.env[i]],
      split: this.splits.values[this.codes.split[i]],
      agent: this.agents.values[this.codes.agent[i]],
      seed: this.seeds[i],
      episode: this.episodes[i],
      task: this.tasks.values[this.codes.task[i]],
      variation: this.variations[i],
      success: (this.flags[i] & 1) !== 0,
      score: this.scores[i],
      steps: this.stepCounts[i],
      tokens: this.tokenTotals[i],
      end: this.ends.values[this.codes.end[i]],
      error: this.errors.get(i) ?? null,
      superseded: (this.flags[i] & 2) !== 0,
    };
  }

  /** Indices of the records that match, in log order. */
  filter(query: EpisodeQuery): number[] {
    const want = (codes: Codes, value: string | undefined) => (value === undefined ? undefined : (codes.has(value) ?? -1));
    const env = want(this.envs, query.env);
    const split = want(this.splits, query.split);
    const agent = want(this.agents, query.agent);
    const task = want(this.tasks, query.task);
    const end = want(this.ends, query.end);
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) {
      if (!query.superseded && this.flags[i] & 2) continue;
      if (env !== undefined && this.codes.env[i] !== env) continue;
      if (split !== undefined && this.codes.split[i] !== split) continue;
      if (agent !== undefined && this.codes.agent[i] !== agent) continue;
      if (task !== undefined && this.codes.task[i] !== task) continue;
      if (end !== undefined && this.codes.end[i] !== end) continue;
      if (query.seed !== undefined && this.seeds[i] !== query.seed) continue;
      if (query.success !== undefined && ((this.flags[i] & 1) !== 0) !== query.success) continue;
      if (query.error !== undefined && this.errors.has(i) !== query.error) continue;
      if (query.episode !== undefined && this.episodes[i] !== query.episode) continue;
      out.push(i);
    }
    return out;
  }

  /** The training seeds of the latest records, ascending. */
  seedValues(): number[] {
    const seeds = new Set<number>();
    for (let i = 0; i < this.count; i++) if (!(this.flags[i] & 2)) seeds.add(this.seeds[i]);
    return [...seeds].sort((a, b) => a - b);
  }

  /** Episodes, successes and summed score of the latest records per env × split × task type × agent. */
  taskCounts(): { env: string; split: string; task: string; agent: string; episodes: number; successes: number; scoreSum: number }[] {
    const cells = new Map<number, { env: string; split: string; task: string; agent: string; episodes: number; successes: number; scoreSum: number }>();
    const { env, split, task, agent } = this.codes;
    const agents = this.agents.values.length;
    const splits = this.splits.values.length;
    const tasks = this.tasks.values.length;
    for (let i = 0; i < this.count; i++) {
      if (this.flags[i] & 2) continue;
      const key = ((env[i] * splits + split[i]) * tasks + task[i]) * agents + agent[i];
      let cell = cells.get(key);
      if (!cell) {
        cell = {
          env: this.envs.values[env[i]],
          split: this.splits.values[split[i]],
          task: this.tasks.values[task[i]],
          agent: this.agents.values[agent[i]],
          episodes: 0,
          successes: 0,
          scoreSum: 0,
        };
        cells.set(key, cell);
      }
      cell.episodes++;
      if (this.flags[i] & 1) cell.successes++;
      cell.scoreSum += this.scores[i];
    }
    return [...cells.values()];
  }

  /** The latest record of each agent on one episode (same env, split, seed and episode id), in log order. */
  sameEpisode(i: number): number[] {
    const { env, split, seed, episode } = this.entry(i);
    return this.filter({ env, split, seed, episode });
  }

  /** The record at index i, read from the log. */
  read(i: number): EpisodeRecord {
    return JSON.parse(this.readText([i])[0]) as EpisodeRecord;
  }

  /** The raw lines of some records, read in file order with few reads. */
  readText(indices: number[]): string[] {
    const fd = openSync(this.file, 'r');
    try {
      return indices.map((i) => {
        const buffer = Buffer.allocUnsafe(this.lengths[i]);
        readSync(fd, buffer, 0, buffer.length, this.offsets[i]);
        return buffer.toString('utf8');
      });
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The records among `candidates` whose text contains `text` (case-insensitive), scanning from position
   * `from` of the candidates until `limit` are found or `budgetMs` has passed (a rare text in a large log is
   * searched page by page, each answered quickly). Returns the matches and where to go on from.
   */
  search(candidates: number[], text: string, from: number, limit: number, budgetMs = 1500): { matches: number[]; next: number | null; scanned: number } {
    const deadline = performance.now() + budgetMs;
    // Inside a JSON line, quotes, backslashes and line breaks of the text are escaped.
    const needle = JSON.stringify(text.toLowerCase()).slice(1, -1);
    const matches: number[] = [];
    const fd = openSync(this.file, 'r');
    let buffer = Buffer.allocUnsafe(1 << 16);
    let position = from;
    try {
      for (; position < candidates.length && matches.length < limit; position++) {
        if ((position - from) % 256 === 255 && performance.now() > deadline) break;
        const i = candidates[position];
        if (buffer.length < this.lengths[i]) buffer = Buffer.allocUnsafe(this.lengths[i]);
        readSync(fd, buffer, 0, this.lengths[i], this.offsets[i]);
        if (buffer.toString('utf8', 0, this.lengths[i]).toLowerCase().includes(needle)) matches.push(i);
      }
    } finally {
      closeSync(fd);
    }
    return { matches, next: position < candidates.length ? position : null, scanned: position - from };
  }

  private addLine(line: Buffer, offset: number): void {
    if (line.length === 0 || (line.length === 1 && line[0] === 13)) return;
    const facts = factsOf(line);
    if (!facts) return;
    const i = this.count;
    if (i === this.offsets.length) this.grow();
    this.offsets[i] = offset;
    this.lengths[i] = line.length;
    this.codes.env[i] = this.envs.code(facts.env);
    this.codes.split[i] = this.splits.code(facts.split);
    this.codes.agent[i] = this.agents.code(facts.agent);
    this.codes.task[i] = this.tasks.code(facts.task);
    this.codes.end[i] = this.ends.code(facts.end);
    this.seeds[i] = facts.seed;
    this.variations[i] = facts.variation;
    this.scores[i] = facts.score;
    this.stepCounts[i] = facts.steps;
    this.tokenTotals[i] = facts.tokens;
    this.flags[i] = facts.success ? 1 : 0;
    this.episodes.push(facts.episode);
    if (facts.error !== null) this.errors.set(i, facts.error);
    if (!this.latestKnown) {
      for (let j = 0; j < i; j++) this.latest.set(this.keyOf(j), j);
      this.latestKnown = true;
    }
    const key = JSON.stringify([facts.env, facts.split, facts.agent, facts.seed, facts.episode]);
    const earlier = this.latest.get(key);
    if (earlier !== undefined) this.flags[earlier] |= 2;
    this.latest.set(key, i);
    this.count++;
  }

  private keyOf(i: number): string {
    const e = this.entry(i);
    return JSON.stringify([e.env, e.split, e.agent, e.seed, e.episode]);
  }

  private grow(): void {
    const bigger = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array>(array: T): T => {
      const next = new (array.constructor as new (n: number) => T)(array.length * 2);
      next.set(array);
      return next;
    };
    this.offsets = bigger(this.offsets);
    this.lengths = bigger(this.lengths);
    this.seeds = bigger(this.seeds);
    this.variations = bigger(this.variations);
    this.scores = bigger(this.scores);
    this.stepCounts = bigger(this.stepCounts);
    this.tokenTotals = bigger(this.tokenTotals);
    this.flags = bigger(this.flags);
    this.codes = {
      env: bigger(this.codes.env),
      split: bigger(this.codes.split),
      agent: bigger(this.codes.agent),
      task: bigger(this.codes.task),
      end: bigger(this.codes.end),
    };
  }
}

/** The cache file's content: each column's bytes in base64, the strings as they are. */
interface CachedIndex {
  version: number;
  indexedBytes: number;
  head: string;
  count: number;
  offsets: string;
  lengths: string;
  seeds: string;
  variations: string;
  scores: string;
  steps: string;
  tokens: string;
  flags: string;
  codes: Record<'env' | 'split' | 'agent' | 'task' | 'end', string>;
  strings: Record<'env' | 'split' | 'agent' | 'task' | 'end', string[]>;
  episodes: string[];
  errors: [number, string][];
}

/** A hash of the log's first bytes (at most what was indexed): it changes if the log is replaced. */
function logHead(file: string, upTo: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(headBytes, upTo));
    readSync(fd, buffer, 0, buffer.length, 0);
    return createHash('sha256').update(buffer).digest('hex');
  } finally {
    closeSync(fd);
  }
}

/** What the index keeps of a record line: from its head and tail when laid out as the log writes, else from all of it. */
function factsOf(line: Buffer): Facts | null {
  try {
    const quick = quickFacts(line);
    if (quick) return quick;
  } catch {
    // Not laid out as expected: parse the whole record below.
  }
  try {
    const r = JSON.parse(line.toString('utf8')) as EpisodeRecord;
    return {
      env: r.env,
      split: r.split,
      agent: r.agent,
      seed: r.seed,
      episode: r.episode,
      task: r.task,
      variation: r.variation,
      success: r.success,
      score: r.score,
      steps: r.steps,
      tokens: r.tokens?.total ?? 0,
      end: r.end ?? (r.error ? 'error' : 'done'),
      error: r.error ?? null,
    };
  } catch {
    return null; // a torn line (a killed run): the runner redoes that episode on resume
  }
}

function quickFacts(line: Buffer): Facts | null {
  const tokensAt = line.indexOf(tokensMarker);
  const errorAt = line.lastIndexOf(errorMarker);
  if (tokensAt < 0 || errorAt < tokensAt) return null;
  const head = JSON.parse(`${line.toString('utf8', 0, tokensAt)}}`) as Partial<EpisodeRecord>;
  const tail = JSON.parse(`{${line.toString('utf8', errorAt + 1)}`) as Partial<EpisodeRecord>;
  const total = /^\{"total":(-?[\d.eE+-]+)/.exec(line.toString('latin1', tokensAt + tokensMarker.length, tokensAt + tokensMarker.length + 40));
  const { env, split, agent, seed, episode, task, variation, success, score, steps } = head;
  if (
    typeof env !== 'string' ||
    typeof split !== 'string' ||
    typeof agent !== 'string' ||
    typeof seed !== 'number' ||
    typeof episode !== 'string' ||
    typeof task !== 'string' ||
    typeof success !== 'boolean' ||
    typeof score !== 'number' ||
    typeof steps !== 'number' ||
    typeof tail.end !== 'string' ||
    !total
  ) {
    return null;
  }
  return {
    env,
    split,
    agent,
    seed,
    episode,
    task,
    variation: typeof variation === 'number' ? variation : 0,
    success,
    score,
    steps,
    tokens: Number(total[1]),
    end: tail.end,
    error: typeof tail.error === 'string' ? tail.error : null,
  };
}
