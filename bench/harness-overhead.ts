/**
 * Harness overhead: an agent on an env, run (a) by the harness (`runSuite`: timeouts, stage tracking, token
 * accounting, per-step records, one flushed line per episode in the append-only log) and (b) by a bare loop
 * that makes the same plugin calls (create, reset, validActions, act, step, close) and keeps nothing. The agent
 * gets the same seed per episode in both, so both loops take the same actions; the bench checks that they do.
 * The agents: the random agent on three envs, and a trained `step-hrl` agent (trained once, small, on
 * `alfworld`'s train split, then loaded from its checkpoint by both loops), whose step is network inference.
 *
 * The overhead is split in two by a third loop, (c) the bare loop that also appends, after each episode, the
 * harness's own record of it to an episode log, with the log's own code: (c) − (b) is what the record costs
 * inside the loop, and (a) − (c) is the rest of the harness. The same records appended apart, one after another
 * in a tight loop, cost much less on a heavy env: `--explain` adds the experiments that show why (the records
 * appended apart with a sweep over some memory before each, and the bare loop holding each step's result until
 * its episode ends); docs/benchmarks.md has the explanation.
 *
 * The harness is timed from the moment it opens the measured split's episodes to the moment the last one is
 * logged (the runner's own progress hooks mark both), so the run's one-off work (planning, the manifest,
 * loading a checkpoint) is left out; the end-of-run summary (reading the log back) is timed apart.
 *
 * Every measurement runs in a fresh process (so one's heap and garbage do not slow the next), once untimed so
 * that the code is compiled, then timed in CPU time (user + system) over its measured part only. A round takes
 * every measurement once, in turn, and compares the harness with that round's own bare loop; the figures are
 * the median over five rounds, with the lowest and highest round beside them, because CPU time on a shared
 * virtual machine varies by tens of per cent from one minute to the next.
 *
 *   npx tsx bench/harness-overhead.ts [trivial|alfworld|scienceworld|step-hrl …] [--explain] [--step-hrl-from <run>]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Agent, EpisodeRecord, EpisodeSpec } from '../harness/api.ts';
import { loadPlugin } from '../harness/plugins/load.ts';
import { writeSummary } from '../harness/report/write-run.ts';
import { createAgent } from '../harness/runner/create-agent.ts';
import { agentEpisodeSeed } from '../harness/runner/episode.ts';
import { spreadOverTasks } from '../harness/runner/plan.ts';
import type { ProgressDisplay } from '../harness/runner/progress.ts';
import { runSuite } from '../harness/runner/run.ts';
import { validateOptions } from '../harness/schema/compile.ts';
import { loadSuite } from '../harness/spec/load.ts';
import { EpisodeLog } from '../harness/store/episode-log.ts';
import { runFiles } from '../harness/store/files.ts';
import { TokenCounter } from '../harness/tokens/counter.ts';
import { type TokenizerName, tokenizer } from '../harness/tokens/tokenizers.ts';

const STEP_LIMIT = 50;
const SEED = 1;
const ROUNDS = 5;
const ENV_ID = 'env';
const SPLIT_NAME = 'measured';
/** The training budget of the `step-hrl` agent measured here: small (its step costs the same at any budget). */
const STEP_HRL_TRAINING = '{ demonstrations: 80, validationMax: 4, bc: { epochs: 4 }, rollouts: { episodes: 8 }, rl: { epochs: 1 } }';
/** Memory read before each record in `--explain`'s sweep (MB): none, then about what the envs touch per episode and more. */
const SWEEPS_MB = [0, 1, 4, 16, 64];

interface Target {
  label: string;
  env: string;
  /** The env's own split the episodes come from. */
  split: string;
  episodes: number;
  options: Record<string, unknown>;
  agent: 'random' | 'step-hrl';
  tokenizer: TokenizerName;
  /** The overhead asked for (issue 21), in % of the bare step. */
  goal?: number;
}

const targets: Target[] = [
  {
    label: 'trivial',
    env: join(import.meta.dirname, 'trivial-env.ts'),
    split: 'seen',
    episodes: 20_000,
    options: { episodes: 20_000 },
    agent: 'random',
    tokenizer: 'whitespace',
  },
  { label: 'alfworld', env: 'alfworld', split: 'train', episodes: 2000, options: {}, agent: 'random', tokenizer: 'whitespace', goal: 20 },
  { label: 'scienceworld', env: 'scienceworld', split: 'train', episodes: 2000, options: {}, agent: 'random', tokenizer: 'whitespace', goal: 10 },
  // The suite's default tokenizer: counting each policy call's tokens is part of what the harness adds.
  { label: 'step-hrl', env: 'alfworld', split: 'seen', episodes: 140, options: {}, agent: 'step-hrl', tokenizer: 'llama3', goal: 2 },
];

/** What one measurement (one child process) reports. */
interface Timing {
  /** CPU seconds of the measured part. */
  seconds: number;
  steps: number;
  episodes: number;
  /** harness: the end-of-run summary's CPU seconds (not part of `seconds`). */
  summarySeconds?: number;
  /** record, with `--explain`: CPU seconds with each sweep of `SWEEPS_MB` before each record. */
  sweeps?: number[];
  /** harness: the run folder; bare: a file with the actions taken, by episode id (when asked for). */
  output: string;
}

/**
 * harness: the harness; bare: the bare loop; bare-record: the bare loop appending the harness's records;
 * bare-keep: the bare loop holding each step's result until its episode ends; record: the records appended apart.
 */
type Kind = 'harness' | 'bare' | 'bare-record' | 'bare-keep' | 'record';

/** What a child needs besides its kind and target. */
interface ChildArgs {
  /** harness: its run folder; bare: where to write the actions taken ('' for none); others: the harness's run folder. */
  output: string;
  /** The run whose `step-hrl` checkpoint the agent is loaded from. */
  checkpointRun: string;
  explain: boolean;
}

/** CPU seconds this process has used so far. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** The job the harness builds for an episode of this bench's suite (its agent seed depends on it). */
function jobOf(target: Target, episode: EpisodeSpec) {
  return { env: ENV_ID, split: SPLIT_NAME, episode, seed: SEED, agent: target.agent };
}

const noSubtasks = async () => [];

/** The agent as the harness creates it for this bench's suite (and, for `step-hrl`, loads it). */
async function agentFor(target: Target, envPlugin: string, counter: TokenCounter, checkpointRun: string): Promise<Agent> {
  const plugin = (await loadPlugin('agent', target.agent, process.cwd())).plugin;
  const who = { seed: SEED, env: ENV_ID, envPlugin, agent: target.agent, agentOptions: validateOptions(plugin.optionsSchema, {}), plugin };
  const agent = await createAgent(who, counter, () => {});
  if (target.agent === 'step-hrl') await agent.load!(runFiles(checkpointRun).checkpoint(ENV_ID, target.agent, SEED));
  return agent;
}

/**
 * The plugin calls of the harness's episode loop, in the same order, keeping nothing. With `actions`, the
 * actions taken are kept and written there (for the check that both loops did the same work; not in timed
 * rounds, where holding every action would make the bare loop's garbage collector work harder than the
 * harness's). With `keep`, each step's result is held until its episode ends, as the harness holds what its
 * record needs. With `log`, the harness's own record of each episode (by id) is appended to it as it ends.
 */
async function bareLoop(
  target: Target,
  checkpointRun: string,
  extra: { actions?: string; keep?: boolean; log?: { to: EpisodeLog; records: Map<string, EpisodeRecord> } } = {},
): Promise<Timing> {
  const env = (await loadPlugin('env', target.env, process.cwd())).plugin;
  const options = validateOptions(env.optionsSchema, target.options);
  const episodes = spreadOverTasks(await env.episodes(target.split, options), target.episodes);
  const counter = new TokenCounter(tokenizer(target.tokenizer));
  const agent = await agentFor(target, env.name, counter, checkpointRun);
  const actions: Record<string, string[]> = {};
  let steps = 0;
  let kept = 0;
  const started = cpuSeconds();
  for (const episode of episodes) {
    const taken: string[] | undefined = extra.actions ? [] : undefined;
    const held: unknown[] | undefined = extra.keep ? [] : undefined;
    const instance = await env.create(episode, { options, seed: SEED });
    const start = await instance.reset();
    await agent.reset({ env: ENV_ID, split: SPLIT_NAME, episode, seed: agentEpisodeSeed(jobOf(target, episode)) });
    let observation = start.observation;
    let info = start.info;
    for (let step = 0; step < STEP_LIMIT; step++) {
      const validActions = await instance.validActions();
      const { action } = await agent.act({ step, task: start.task, observation, info, validActions, candidateSubtasks: noSubtasks });
      const result = await instance.step(action);
      taken?.push(action);
      held?.push({ action, result });
      steps++;
      observation = result.observation;
      info = result.info;
      if (result.done) break;
    }
    await instance.close?.();
    if (taken) actions[episode.id] = taken;
    if (held) kept += held.length;
    if (extra.log) extra.log.to.append(extra.log.records.get(episode.id)!);
  }
  const seconds = cpuSeconds() - started;
  await agent.dispose?.();
  if (extra.actions) writeFileSync(extra.actions, JSON.stringify(actions));
  if (extra.keep && kept !== steps) throw new Error('the bare loop lost a step it held');
  return { seconds, steps, episodes: episodes.length, output: extra.actions ?? '' };
}

/** This bench's suite for a target: a measured split of the env, and the agent (loaded from its checkpoint when trained). */
function suiteText(target: Target, checkpointRun: string, measured = true): string {
  const agent = target.agent === 'step-hrl' ? `{ use: step-hrl, train: { from: ${checkpointRun} } }` : target.agent;
  const splits = measured
    ? `{ train: { split: train, limit: 1 }, ${SPLIT_NAME}: { split: ${target.split}, limit: ${target.episodes} } }`
    : `{ train: { split: train }, ${SPLIT_NAME}: { split: ${target.split}, limit: 1 } }`;
  return [
    'name: overhead',
    `tokenizer: ${target.tokenizer}`,
    `stepLimit: ${STEP_LIMIT}`,
    `seed: ${SEED}`,
    'envs:',
    `  - use: ${target.env}`,
    `    id: ${ENV_ID}`,
    `    options: ${JSON.stringify(target.options)}`,
    `    splits: ${splits}`,
    'agents:',
    `  - ${measured ? agent : `{ use: step-hrl, train: ${STEP_HRL_TRAINING} }`}`,
  ].join('\n');
}

/** A progress display that marks the CPU time from the opening of the measured split to its last episode. */
function measuredSpan(): { progress: ProgressDisplay; seconds: () => number } {
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
  return { progress, seconds: () => seconds };
}

async function harnessRun(target: Target, runDir: string, checkpointRun: string): Promise<Timing> {
  const suiteFile = `${runDir}.yaml`;
  writeFileSync(suiteFile, suiteText(target, checkpointRun));
  const span = measuredSpan();
  await runSuite(await loadSuite(suiteFile), { dir: runDir, progress: span.progress });
  // Summarising again costs what the run's own summary did; timing it apart separates the episode loop's cost.
  const summaryStarted = cpuSeconds();
  await writeSummary(runFiles(runDir));
  const summarySeconds = cpuSeconds() - summaryStarted;
  const records = recordsOf(runDir);
  return { seconds: span.seconds(), summarySeconds, steps: stepsOf(records), episodes: records.length, output: runDir };
}

/** Trains the `step-hrl` agent measured here, once, into `runDir` (its checkpoint is what both loops load). */
async function trainStepHrl(runDir: string): Promise<void> {
  const target = targets.find((t) => t.agent === 'step-hrl')!;
  const suiteFile = `${runDir}.yaml`;
  writeFileSync(suiteFile, suiteText(target, '', false));
  await runSuite(await loadSuite(suiteFile), { dir: runDir, quiet: true, workers: 2 });
}

/**
 * The run's own records appended apart, one after another, to a fresh episode log. With `--explain`, also
 * each record timed alone after reading some memory (standing in for an env's work between two records).
 */
async function recordCost(runDir: string, explain: boolean): Promise<Timing> {
  const records = recordsOf(runDir);
  const file = join(runDir, 'rewritten.jsonl');
  let log = await freshLog(file);
  const started = cpuSeconds();
  for (const record of records) log.append(record);
  const seconds = cpuSeconds() - started;
  log.close();
  let sweeps: number[] | undefined;
  if (explain) {
    // Pages that were written, so that reading them goes through the caches (untouched ones all map to one page).
    const memory = new Uint8Array(Math.max(...SWEEPS_MB) << 20).fill(1);
    sweeps = [];
    for (const mb of SWEEPS_MB) {
      log = await freshLog(file);
      let spent = 0;
      for (const record of records) {
        for (let i = 0; i < mb << 20; i += 64) swept += memory[i];
        const at = cpuSeconds();
        log.append(record);
        spent += cpuSeconds() - at;
      }
      log.close();
      sweeps.push(spent);
    }
  }
  return { seconds, sweeps, steps: stepsOf(records), episodes: records.length, output: runDir };
}

/** What the sweeps read (kept, so that the reads are not optimised away). */
let swept = 0;

/** A fresh episode log at `file`, appended to by the harness's own code. */
async function freshLog(file: string): Promise<EpisodeLog> {
  rmSync(file, { force: true });
  return EpisodeLog.open(file);
}

function recordsOf(runDir: string): EpisodeRecord[] {
  const lines = readFileSync(runFiles(runDir).episodes, 'utf8').trim().split('\n');
  return lines.map((line) => JSON.parse(line) as EpisodeRecord).filter((r) => r.split === SPLIT_NAME);
}

function stepsOf(records: EpisodeRecord[]): number {
  return records.reduce((n, r) => n + r.steps, 0);
}

/** Runs one measurement in a fresh process and returns what it reports. */
function measure(kind: Kind, target: Target, args: ChildArgs): Timing {
  const stdout = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--measure', kind, target.label, JSON.stringify(args)], {
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
  bareRecord: number;
  bareKeep?: number;
  record: number;
  sweeps?: number[];
  /** CPU µs per episode. */
  summary: number;
  stepsPerEpisode: number;
}

/** One round; the warm-up round also checks that both loops take the same actions. */
function measureRound(target: Target, dir: string, checkpointRun: string, explain: boolean, warmUp = false): Round {
  const roundDir = mkdtempSync(join(dir, 'round-'));
  const runDir = join(roundDir, 'run');
  const harness = measure('harness', target, { output: runDir, checkpointRun, explain });
  const bare = measure('bare', target, { output: warmUp ? join(roundDir, 'actions.json') : '', checkpointRun, explain });
  if (warmUp) checkSameActions(target, runDir, bare.output);
  if (bare.steps !== harness.steps) throw new Error(`${target.label}: the bare loop took ${bare.steps} steps, the harness ${harness.steps}`);
  const onRun = { output: runDir, checkpointRun, explain };
  const bareRecord = measure('bare-record', target, onRun);
  const bareKeep = explain ? measure('bare-keep', target, onRun) : undefined;
  const record = measure('record', target, onRun);
  rmSync(roundDir, { recursive: true, force: true });
  const perStep = (seconds: number) => (seconds / harness.steps) * 1e6;
  return {
    bare: perStep(bare.seconds),
    harness: perStep(harness.seconds),
    bareRecord: perStep(bareRecord.seconds),
    bareKeep: bareKeep && perStep(bareKeep.seconds),
    record: perStep(record.seconds),
    sweeps: record.sweeps?.map(perStep),
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

async function child(kind: Kind, label: string, args: ChildArgs): Promise<void> {
  const target = targets.find((t) => t.label === label)!;
  const { output, checkpointRun, explain } = args;
  // Each loop runs once untimed first, so that all are timed with compiled code.
  let timing: Timing;
  if (kind === 'harness') {
    await harnessRun(target, `${output}-warm-up`, checkpointRun);
    rmSync(`${output}-warm-up`, { recursive: true, force: true });
    timing = await harnessRun(target, output, checkpointRun);
  } else if (kind === 'bare') {
    await bareLoop(target, checkpointRun);
    timing = await bareLoop(target, checkpointRun, { actions: output || undefined });
  } else if (kind === 'bare-keep') {
    await bareLoop(target, checkpointRun, { keep: true });
    timing = await bareLoop(target, checkpointRun, { keep: true });
  } else if (kind === 'bare-record') {
    const records = new Map(recordsOf(output).map((r) => [r.episode, r]));
    const run = async () => {
      const log = await freshLog(join(output, 'appended.jsonl'));
      const timed = await bareLoop(target, checkpointRun, { log: { to: log, records } });
      log.close();
      return timed;
    };
    await run();
    timing = await run();
  } else {
    timing = await recordCost(output, explain);
  }
  console.log(JSON.stringify(timing));
  if (swept < 0) console.log(swept);
}

async function main(argv: string[]): Promise<void> {
  const explain = argv.includes('--explain');
  const fromAt = argv.indexOf('--step-hrl-from');
  const wanted = argv.filter((a, i) => !a.startsWith('--') && (fromAt < 0 || i !== fromAt + 1));
  const chosen = targets.filter((t) => wanted.length === 0 || wanted.includes(t.label));
  const dir = mkdtempSync(join(tmpdir(), 'bench-overhead-'));
  let checkpointRun = fromAt >= 0 ? resolve(argv[fromAt + 1]) : '';
  if (!checkpointRun && chosen.some((t) => t.agent === 'step-hrl')) {
    checkpointRun = join(dir, 'step-hrl-training');
    const started = performance.now();
    await trainStepHrl(checkpointRun);
    console.log(`step-hrl trained on alfworld's train split (${STEP_HRL_TRAINING}) in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  console.log(`step limit ${STEP_LIMIT}; CPU µs per step of the episode loop;`);
  console.log(`median of ${ROUNDS} rounds after a warm-up round, [lowest – highest round] in brackets\n`);
  for (const target of chosen) {
    measureRound(target, dir, checkpointRun, explain, true);
    const rounds = Array.from({ length: ROUNDS }, () => measureRound(target, dir, checkpointRun, explain));
    report(target, rounds);
  }
  rmSync(dir, { recursive: true, force: true });
}

function report(target: Target, rounds: Round[]): void {
  // Each round's figures against that round's own bare loop, then the median over rounds.
  const figure = (of: (r: Round) => number, digits = 2) => {
    const values = rounds.map(of);
    return `${median(values).toFixed(digits).padStart(8)}  [${Math.min(...values).toFixed(digits)} – ${Math.max(...values).toFixed(digits)}]`;
  };
  const share = (of: (r: Round) => number) => figure((r) => (100 * of(r)) / r.bare, 1);
  const line = (label: string, of: (r: Round) => number, note = '') => console.log(`  ${label.padEnd(36)}${figure(of)} µs/step  = ${share(of)} %${note}`);
  const stepsPerEpisode = rounds[0].stepsPerEpisode;
  const overhead = median(rounds.map((r) => (100 * (r.harness - r.bare)) / r.bare));
  const goal = target.goal === undefined ? '' : `: ${overhead <= target.goal ? 'within' : 'over'} the target of ${target.goal}%`;

  console.log(
    `${target.label}: ${target.agent} agent on ${target.env.split('/').at(-1)} (${target.split}), ${rounds[0].stepsPerEpisode.toFixed(1)} steps per episode, ` +
      `${target.episodes} episodes; same actions in both loops`,
  );
  console.log(`  ${'bare loop'.padEnd(36)}${figure((r) => r.bare)} µs/step`);
  console.log(`  ${'harness episode loop'.padEnd(36)}${figure((r) => r.harness)} µs/step`);
  line('overhead', (r) => r.harness - r.bare, ` of the bare step${goal}`);
  line('  the episode record, in the loop', (r) => r.bareRecord - r.bare, '  (bare loop + the log appending each record)');
  line('    the same records appended apart', (r) => r.record, '  (one after another, in a tight loop)');
  line('  the rest of the loop', (r) => r.harness - r.bareRecord);
  if (rounds[0].bareKeep !== undefined) {
    line('  holding each step until the end', (r) => r.bareKeep! - r.bare, '  (bare loop + each step held until its episode ends)');
  }
  if (rounds[0].sweeps) {
    const sweeps = SWEEPS_MB.map((mb, i) => `${mb} MB ${median(rounds.map((r) => r.sweeps![i])).toFixed(2)}`);
    console.log(`  records appended apart, memory read before each: ${sweeps.join(', ')} µs/step`);
  }
  console.log(
    `  episodes per CPU second: bare ${figure((r) => 1e6 / (r.bare * stepsPerEpisode), 0)}, harness ${figure((r) => 1e6 / (r.harness * stepsPerEpisode), 0)}`,
  );
  console.log(`  end-of-run summary      ${figure((r) => r.summary)} µs/episode (reading the log back, intervals)`);
  console.log('');
}

const argv = process.argv.slice(2);
if (argv[0] === '--measure') await child(argv[1] as Kind, argv[2], JSON.parse(argv[3]) as ChildArgs);
else await main(argv);
