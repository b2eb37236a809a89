/**
 * Harness overhead: the random agent on an env, run (a) by a bare loop over the plugin API and (b) by the
 * harness (runSuite: per-step records and token accounting, the append-only episode log, the summary with
 * its intervals). Prints µs per step for both and the harness's share, for a trivial env (the worst case:
 * its step costs about a microsecond) and for the built-in text worlds when present.
 *
 * Episode counts are large enough that the run's fixed costs (plan, manifest, tokenizer) do not count as
 * per-step cost.
 *
 *   npx tsx bench/harness-overhead.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, type EnvPlugin } from '../harness/api.ts';
import { builtinPath } from '../harness/plugins/builtins.ts';
import { loadPlugin } from '../harness/plugins/load.ts';
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
  seconds: number;
  steps: number;
  /** Of `seconds`, the end-of-run summary (intervals over every episode): a one-off, not a per-step cost. */
  summarySeconds?: number;
}

async function bareLoop(plugin: EnvPlugin, target: Target): Promise<Timing> {
  const options = validateOptions(plugin.optionsSchema, target.options);
  const episodes = (await plugin.episodes(target.split, options)).slice(0, target.episodes);
  const started = performance.now();
  let steps = 0;
  for (const episode of episodes) {
    const env = await plugin.create(episode, { options, seed: 1 });
    await env.reset();
    const rng = createRng(episode.id);
    for (let t = 0; t < STEP_LIMIT; t++) {
      const actions = await env.validActions();
      const result = await env.step(rng.pick(actions));
      steps++;
      if (result.done) break;
    }
    await env.close?.();
  }
  return { seconds: (performance.now() - started) / 1000, steps };
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
  const started = performance.now();
  const outcome = await runSuite(loaded, { dir: runDir, quiet: true });
  const seconds = (performance.now() - started) / 1000;
  // Summarising again costs what the run's own summary did; timing it apart separates the loop's cost.
  const summaryStarted = performance.now();
  await writeSummary(runFiles(runDir));
  const summarySeconds = (performance.now() - summaryStarted) / 1000;
  return { seconds, summarySeconds, steps: Math.round(outcome.summary.rows[0].metrics.steps.value * outcome.episodes) };
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

console.log(`random agent, step limit ${STEP_LIMIT}, best of 3; µs per step (lower is better)\n`);
for (const target of targets) {
  if (!target.use.includes('/') && !builtinPath('env', target.use)) continue;
  const { plugin } = await loadPlugin('env', target.use, process.cwd());
  const bare = await best(() => bareLoop(plugin, target));
  const harness = await best(() => harnessRun(target));
  const perStep = (seconds: number, t: Timing) => (seconds / t.steps) * 1e6;
  const bareStep = perStep(bare.seconds, bare);
  const loopStep = perStep(harness.seconds - harness.summarySeconds!, harness);
  const row = (label: string, us: number, seconds: number) =>
    console.log(`  ${label.padEnd(22)} ${us.toFixed(2).padStart(8)} µs/step  ${(target.episodes / seconds).toFixed(0).padStart(7)} episodes/s`);
  console.log(`${target.label}: ${target.episodes} episodes, ${harness.steps} steps`);
  row('bare loop', bareStep, bare.seconds);
  row('harness, episode loop', loopStep, harness.seconds - harness.summarySeconds!);
  row('harness, with summary', perStep(harness.seconds, harness), harness.seconds);
  console.log(`  per-step overhead of the episode loop: ${(loopStep - bareStep).toFixed(2)} µs (${(100 * (loopStep / bareStep - 1)).toFixed(1)}%)`);
  console.log(`  end-of-run summary: ${(harness.summarySeconds! * 1000).toFixed(0)} ms\n`);
}
rmSync(dir, { recursive: true, force: true });
