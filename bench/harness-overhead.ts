/**
 * Harness overhead: the random agent on an env, run (a) by the harness (runSuite: per-step records and token
 * accounting, the append-only episode log, the summary with its intervals) and (b) by a bare loop over the
 * plugin API that replays the same actions. Prints µs per step for both and the harness's share, for a
 * trivial env (the worst case: its step costs about a microsecond) and for the built-in text worlds.
 *
 * Episode counts are large enough that the run's fixed costs (plan, manifest, tokenizer) do not count as
 * per-step cost. Times are this process's CPU time (user + system), not wall time: on a shared machine the
 * wall clock also counts the time spent waiting for a core, which has nothing to do with either loop.
 *
 *   npx tsx bench/harness-overhead.ts
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvPlugin, EpisodeRecord } from '../harness/api.ts';
import { builtinPath } from '../harness/plugins/builtins.ts';
import { loadPlugin } from '../harness/plugins/load.ts';
import { spreadOverTasks } from '../harness/runner/plan.ts';
import { runSuite, writeSummary } from '../harness/runner/run.ts';
import { runFiles } from '../harness/store/files.ts';
import { loadSuite, validateOptions } from '../harness/spec/load.ts';

const STEP_LIMIT = 50;
const dir = mkdtempSync(join(tmpdir(), 'bench-overhead-'));

interface Target {
  label: string;
  use: string;
  split: string;
  episodes: number;
  options: Record<string, unknown>;
}

interface Timing {
  runDir?: string;
  /** CPU seconds of this process. */
  seconds: number;
  steps: number;
  /** Of `seconds`, the end-of-run summary (intervals over every episode): a one-off, not a per-step cost. */
  summarySeconds?: number;
}

/** CPU seconds this process has used so far. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * The bare loop replays the actions the harness's random agent took, episode by episode: both loops then
 * ask the env for exactly the same work (the cost of a step varies a lot with the action in a text world).
 */
async function bareLoop(plugin: EnvPlugin, target: Target, actionsById: Map<string, string[]>): Promise<Timing> {
  const options = validateOptions(plugin.optionsSchema, target.options);
  const episodes = spreadOverTasks(await plugin.episodes(target.split, options), target.episodes);
  const started = cpuSeconds();
  let steps = 0;
  for (const episode of episodes) {
    const actions = actionsById.get(episode.id) ?? [];
    const env = await plugin.create(episode, { options, seed: 1 });
    await env.reset();
    for (const action of actions) {
      await env.validActions();
      await env.step(action);
      steps++;
    }
    await env.close?.();
  }
  return { seconds: cpuSeconds() - started, steps };
}

/** The actions of every episode of a run, by episode id. */
function actionsOfRun(runDir: string): Map<string, string[]> {
  const lines = readFileSync(runFiles(runDir).episodes, 'utf8').trim().split('\n');
  return new Map(lines.map((line) => {
    const record = JSON.parse(line) as EpisodeRecord;
    return [record.episode, record.trajectory.map((step) => step.action)];
  }));
}

async function harnessRun(target: Target): Promise<Timing> {
  const suiteFile = join(dir, 'suite.yaml');
  writeFileSync(
    suiteFile,
    [
      'name: overhead',
      'tokenizer: whitespace',
      `stepLimit: ${STEP_LIMIT}`,
      'envs:',
      `  - use: ${target.use}`,
      `    options: ${JSON.stringify(target.options)}`,
      `    splits: { train: { limit: 1 }, measured: { split: ${target.split}, limit: ${target.episodes} } }`,
      'agents: [random]',
    ].join('\n'),
  );
  const loaded = await loadSuite(suiteFile);
  const runDir = join(dir, `run-${performance.now()}`);
  const started = cpuSeconds();
  const outcome = await runSuite(loaded, { dir: runDir, quiet: true });
  const seconds = cpuSeconds() - started;
  // Summarising again costs what the run's own summary did; timing it apart separates the loop's cost.
  const summaryStarted = cpuSeconds();
  await writeSummary(runFiles(runDir));
  const summarySeconds = cpuSeconds() - summaryStarted;
  return { runDir, seconds, summarySeconds, steps: Math.round(outcome.summary.rows[0].metrics.steps.value * outcome.episodes) };
}

/** Best of three after a warm-up: the least disturbed measurement on a shared machine. */
async function best(measure: () => Promise<Timing>): Promise<Timing> {
  await measure();
  const runs = [await measure(), await measure(), await measure()];
  return runs.sort((a, b) => a.seconds / a.steps - b.seconds / b.steps)[0];
}

const targets: Target[] = [
  { label: 'trivial ring env', use: join(import.meta.dirname, 'trivial-env.ts'), split: 'seen', episodes: 10_000, options: { episodes: 10_000 } },
  { label: 'alfworld', use: 'alfworld', split: 'train', episodes: 2000, options: {} },
  { label: 'scienceworld', use: 'scienceworld', split: 'train', episodes: 1000, options: {} },
];

console.log(`random agent, step limit ${STEP_LIMIT}, best of 3; CPU µs per step (lower is better)\n`);
for (const target of targets) {
  if (!target.use.includes('/') && !builtinPath('env', target.use)) continue;
  const { plugin } = await loadPlugin('env', target.use, process.cwd());
  const harness = await best(() => harnessRun(target));
  const actions = actionsOfRun(harness.runDir!);
  const bare = await best(() => bareLoop(plugin, target, actions));
  const perStep = (seconds: number, t: Timing) => (seconds / t.steps) * 1e6;
  const bareStep = perStep(bare.seconds, bare);
  const loopStep = perStep(harness.seconds - harness.summarySeconds!, harness);
  const row = (label: string, us: number, seconds: number) =>
    console.log(`  ${label.padEnd(22)} ${us.toFixed(2).padStart(8)} µs/step  ${(target.episodes / seconds).toFixed(0).padStart(7)} episodes per CPU second`);
  console.log(`${target.label}: ${target.episodes} episodes, ${harness.steps} steps`);
  row('bare loop', bareStep, bare.seconds);
  row('harness, episode loop', loopStep, harness.seconds - harness.summarySeconds!);
  row('harness, with summary', perStep(harness.seconds, harness), harness.seconds);
  console.log(`  per-step overhead of the episode loop: ${(loopStep - bareStep).toFixed(2)} µs (${(100 * (loopStep / bareStep - 1)).toFixed(1)}%)`);
  console.log(`  end-of-run summary: ${(harness.summarySeconds! * 1000).toFixed(0)} ms\n`);
}
rmSync(dir, { recursive: true, force: true });
