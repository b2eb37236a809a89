/**
 * Harness overhead: the random agent on an env, run (a) by the harness (`runSuite`: timeouts, per-step records
 * and token accounting, one flushed line per episode in the append-only log) and (b) by a bare loop that makes
 * the same plugin calls (create, reset, validActions, act, step, close) and keeps nothing. The agent gets the
 * same seed per episode in both, so both loops take the same actions; the bench checks that they do.
 *
 * The harness is timed from the moment it opens the measured split's episodes to the moment the last one is
 * logged (the runner's own progress hooks mark both), so the run's one-off work (planning, the manifest) is
 * left out; the end-of-run summary (reading the log back, every metric with its interval) is timed apart.
 *
 * Of the overhead, the part that no loop keeping the episode log can avoid is serialising each finished
 * episode's record (every step's action, observation, reward, score, done and tokens) and writing it: the
 * bench times exactly that on the run's own records and prints it apart.
 *
 * Every measurement runs in a fresh process (so one's heap and garbage do not slow the next), once untimed so
 * that the code is compiled, then timed in CPU time (user + system) over its measured part only. A round takes every measurement once, in turn, and
 * compares the harness with that round's own bare loop; the figures are the median over five rounds, with
 * the lowest and highest round beside them, because CPU time on a shared virtual machine varies by tens of
 * per cent from one minute to the next.
 *
 *   npx tsx bench/harness-overhead.ts [trivial|alfworld|scienceworld …]
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpisodeRecord, EpisodeSpec } from '../harness/api.ts';
import { loadPlugin } from '../harness/plugins/load.ts';
import { writeSummary } from '../harness/report/write-run.ts';
import { agentEpisodeSeed } from '../harness/runner/episode.ts';
import { spreadOverTasks } from '../harness/runner/plan.ts';
import type { ProgressDisplay } from '../harness/runner/progress.ts';
import { runSuite } from '../harness/runner/run.ts';
import { validateOptions } from '../harness/schema/compile.ts';
import { loadSuite } from '../harness/spec/load.ts';
import { runFiles } from '../harness/store/files.ts';

const STEP_LIMIT = 50;
const SEED = 1;
const ROUNDS = 5;
const SPLIT_NAME = 'measured';

interface Target {
  label: string;
  use: string;
  /** The env's own split the episodes come from. */
  split: string;
  episodes: number;
  options: Record<string, unknown>;
}

const targets: Target[] = [
  { label: 'trivial', use: join(import.meta.dirname, 'trivial-env.ts'), split: 'seen', episodes: 20_000, options: { episodes: 20_000 } },
  { label: 'alfworld', use: 'alfworld', split: 'train', episodes: 2000, options: {} },
  { label: 'scienceworld', use: 'scienceworld', split: 'train', episodes: 2000, options: {} },
];

/** What one measurement (one child process) reports. */
interface Timing {
  /** CPU seconds of the measured part. */
  seconds: number;
  steps: number;
  episodes: number;
  /** harness: the end-of-run summary's CPU seconds (not part of `seconds`). */
  summarySeconds?: number;
  /** harness: the run folder; bare: a file with the actions taken, by episode id (when asked for). */
  output: string;
}

type Kind = 'harness' | 'bare' | 'record';

/** CPU seconds this process has used so far. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** The job the harness builds for an episode of this bench's suite (its agent seed depends on it). */
function jobOf(episode: EpisodeSpec) {
  return { env: 'env', split: SPLIT_NAME, episode, seed: SEED, agent: 'random' };
}

const noSubtasks = async () => [];

/**
 * The plugin calls of the harness's episode loop, in the same order, keeping nothing. With `out`, the actions
 * taken are kept and written there (for the check that both loops did the same work; not in timed rounds,
 * where holding every action would make the bare loop's garbage collector work harder than the harness's).
 */
async function bareLoop(target: Target, out?: string): Promise<Timing> {
  const env = (await loadPlugin('env', target.use, process.cwd())).plugin;
  const agentPlugin = (await loadPlugin('agent', 'random', process.cwd())).plugin;
  const options = validateOptions(env.optionsSchema, target.options);
  const episodes = spreadOverTasks(await env.episodes(target.split, options), target.episodes);
  const agent = await agentPlugin.create({}, { seed: SEED, env: 'env', agent: 'random', envPlugin: env.name, countTokens: () => 0, recordRuntime: () => {} });
  const actions: Record<string, string[]> = {};
  let steps = 0;
  const started = cpuSeconds();
  for (const episode of episodes) {
    const taken: string[] | undefined = out ? [] : undefined;
    const instance = await env.create(episode, { options, seed: SEED });
    const start = await instance.reset();
    await agent.reset({ env: 'env', split: SPLIT_NAME, episode, seed: agentEpisodeSeed(jobOf(episode)) });
    let observation = start.observation;
    let info = start.info;
    for (let step = 0; step < STEP_LIMIT; step++) {
      const validActions = await instance.validActions();
      const { action } = await agent.act({ step, task: start.task, observation, info, validActions, candidateSubtasks: noSubtasks });
      const result = await instance.step(action);
      taken?.push(action);
      steps++;
      observation = result.observation;
      info = result.info;
      if (result.done) break;
    }
    await instance.close?.();
    if (taken) actions[episode.id] = taken;
  }
  const seconds = cpuSeconds() - started;
  if (out) writeFileSync(out, JSON.stringify(actions));
  return { seconds, steps, episodes: episodes.length, output: out ?? '' };
}

async function harnessRun(target: Target, runDir: string): Promise<Timing> {
  const suiteFile = `${runDir}.yaml`;
  writeFileSync(
    suiteFile,
    [
      'name: overhead',
      'tokenizer: whitespace',
      `stepLimit: ${STEP_LIMIT}`,
      `seed: ${SEED}`,
      'envs:',
      `  - use: ${target.use}`,
      '    id: env',
      `    options: ${JSON.stringify(target.options)}`,
      `    splits: { train: { split: ${target.split}, limit: 1 }, ${SPLIT_NAME}: { split: ${target.split}, limit: ${target.episodes} } }`,
      'agents: [random]',
    ].join('\n'),
  );
  const loaded = await loadSuite(suiteFile);
  // CPU time from the opening of the measured split's episodes to the logging of its last one.
  let opened = 0;
  let seconds = 0;
  const measured = (id: string) => id.includes(`:${SPLIT_NAME}:`);
  const progress: ProgressDisplay = {
    begin: (id) => void (measured(id) && (opened = cpuSeconds())),
    end: (id) => void (measured(id) && (seconds = cpuSeconds() - opened)),
    update() {},
    log() {},
    stop() {},
  };
  await runSuite(loaded, { dir: runDir, progress });
  // Summarising again costs what the run's own summary did; timing it apart separates the episode loop's cost.
  const summaryStarted = cpuSeconds();
  await writeSummary(runFiles(runDir));
  const summarySeconds = cpuSeconds() - summaryStarted;
  const records = recordsOf(runDir);
  return { seconds, summarySeconds, steps: stepsOf(records), episodes: records.length, output: runDir };
}

/** Serialising and appending a run's own records, one write per episode, as the episode log does. */
function recordCost(runDir: string, out: string): Timing {
  const records = recordsOf(runDir);
  const fd = openSync(out, 'w');
  const started = cpuSeconds();
  for (const record of records) writeSync(fd, JSON.stringify(record) + '\n');
  const seconds = cpuSeconds() - started;
  closeSync(fd);
  return { seconds, steps: stepsOf(records), episodes: records.length, output: out };
}

function recordsOf(runDir: string): EpisodeRecord[] {
  const lines = readFileSync(runFiles(runDir).episodes, 'utf8').trim().split('\n');
  return lines.map((line) => JSON.parse(line) as EpisodeRecord);
}

function stepsOf(records: EpisodeRecord[]): number {
  return records.reduce((n, r) => n + r.steps, 0);
}

/** Runs one measurement in a fresh process and returns what it reports. */
function measure(kind: Kind, target: Target, output: string): Timing {
  const stdout = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--measure', kind, target.label, output], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Timing;
}

/** The figures of one round: every measurement once, in turn, so a change in load falls on all alike. */
interface Round {
  /** CPU µs per step. */
  bare: number;
  harness: number;
  record: number;
  /** CPU µs per episode. */
  summary: number;
  stepsPerEpisode: number;
}

/** One round; the warm-up round also checks that both loops take the same actions. */
function measureRound(target: Target, dir: string, warmUp = false): Round {
  const roundDir = mkdtempSync(join(dir, 'round-'));
  const harness = measure('harness', target, join(roundDir, 'run'));
  const bare = measure('bare', target, warmUp ? join(roundDir, 'actions.json') : '');
  if (warmUp) checkSameActions(target, harness.output, bare.output);
  if (bare.steps !== harness.steps) throw new Error(`${target.label}: the bare loop took ${bare.steps} steps, the harness ${harness.steps}`);
  const record = measure('record', target, harness.output);
  rmSync(roundDir, { recursive: true, force: true });
  const perStep = (t: Timing) => (t.seconds / t.steps) * 1e6;
  return {
    bare: perStep(bare),
    harness: perStep(harness),
    record: perStep(record),
    summary: (harness.summarySeconds! / harness.episodes) * 1e6,
    stepsPerEpisode: harness.steps / harness.episodes,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function checkSameActions(target: Target, runDir: string, bareActions: string): void {
  const bare = JSON.parse(readFileSync(bareActions, 'utf8')) as Record<string, string[]>;
  const records = recordsOf(runDir);
  const differs =
    records.length !== Object.keys(bare).length || records.some((r) => r.trajectory.map((s) => s.action).join('\n') !== bare[r.episode]?.join('\n'));
  if (differs) throw new Error(`${target.label}: the bare loop took other actions than the harness`);
}

async function child(args: string[]): Promise<void> {
  const [kind, label, output] = args;
  const target = targets.find((t) => t.label === label)!;
  // The harness and the bare loop each run once untimed first, so both are timed with compiled code.
  let timing: Timing;
  if (kind === 'harness') {
    await harnessRun(target, `${output}-warm-up`);
    rmSync(`${output}-warm-up`, { recursive: true, force: true });
    timing = await harnessRun(target, output);
  } else if (kind === 'bare') {
    await bareLoop(target);
    timing = await bareLoop(target, output || undefined);
  } else {
    timing = recordCost(output, `${output}.rewritten`);
  }
  console.log(JSON.stringify(timing));
}

function main(wanted: string[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-overhead-'));
  console.log(`random agent, step limit ${STEP_LIMIT}; CPU µs per step of the episode loop;`);
  console.log(`median of ${ROUNDS} rounds after a warm-up round, [lowest – highest round] in brackets\n`);
  for (const target of targets) {
    if (wanted.length > 0 && !wanted.includes(target.label)) continue;
    measureRound(target, dir, true);
    const rounds = Array.from({ length: ROUNDS }, () => measureRound(target, dir));

    // Each round's overhead against that round's own bare loop, then the median over rounds.
    const figure = (of: (r: Round) => number, digits = 2) => {
      const values = rounds.map(of);
      return `${median(values).toFixed(digits).padStart(8)}  [${Math.min(...values).toFixed(digits)} – ${Math.max(...values).toFixed(digits)}]`;
    };
    const share = (of: (r: Round) => number) => figure((r) => (100 * of(r)) / r.bare, 1);
    const stepsPerEpisode = rounds[0].stepsPerEpisode;
    const episodes = target.episodes;

    console.log(
      `${target.label}: ${episodes} episodes, ${(stepsPerEpisode * episodes).toFixed(0)} steps (${stepsPerEpisode.toFixed(1)} per episode); same actions in both loops`,
    );
    console.log(`  bare loop               ${figure((r) => r.bare)} µs/step`);
    console.log(`  harness episode loop    ${figure((r) => r.harness)} µs/step`);
    console.log(`  overhead                ${figure((r) => r.harness - r.bare)} µs/step  = ${share((r) => r.harness - r.bare)} % of the bare step`);
    console.log(`    the episode record    ${figure((r) => r.record)} µs/step  = ${share((r) => r.record)} %  (serialising it, one write per episode)`);
    console.log(`    the rest of the loop  ${figure((r) => r.harness - r.bare - r.record)} µs/step  = ${share((r) => r.harness - r.bare - r.record)} %`);
    console.log(
      `  episodes per CPU second: bare ${figure((r) => 1e6 / (r.bare * stepsPerEpisode), 0)}, harness ${figure((r) => 1e6 / (r.harness * stepsPerEpisode), 0)}`,
    );
    console.log(`  end-of-run summary      ${figure((r) => r.summary)} µs/episode (reading the log back, intervals)`);
    console.log('');
  }
  rmSync(dir, { recursive: true, force: true });
}

const args = process.argv.slice(2);
if (args[0] === '--measure') await child(args.slice(1));
else main(args);
