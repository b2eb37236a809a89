/**
 * Memory of one training unit (one agent on one env's training split), phase by phase: the agent is trained
 * in this process, as a worker trains it in a run, and after each phase of its training log the script prints
 * the live V8 heap, the array buffers outside it, the resident set and the resident high-water mark so far
 * (`VmHWM`). Run under `--expose-gc` and it collects garbage before each line, so heap and resident figures are
 * what the unit holds, not what it has yet to collect; the high-water mark is the true peak either way.
 * Rollouts and validation episodes are played here, one after another (a run plays them on its workers).
 *
 *   node --expose-gc --import tsx bench/training-memory.ts [--env scienceworld] [--agent step-hrl]
 *        [--demonstrations all] [--rollouts 400] [--bc-epochs 1] [--rl-epochs 1]
 *
 * The defaults are a unit of `suites/paper.yaml` (every demonstration, 400 rollouts, the reference profile)
 * with one epoch of each stage: more epochs take longer and hold no more data.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpisodeSpec, TrainingSource } from '../harness/api.ts';
import { hashSeed } from '../harness/api.ts';
import { loadPlugin } from '../harness/plugins/load.ts';
import { validateOptions } from '../harness/schema/compile.ts';
import { trainSchema } from '../plugins/agents/common/train-settings.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const envName = arg('env', 'scienceworld');
const agentName = arg('agent', 'step-hrl');
const demonstrations = arg('demonstrations', 'all');
const SEED = 1;
const STEP_LIMIT = 50;
/** The env options of `suites/paper.yaml`. */
const envOptions: Record<string, unknown> = envName === 'scienceworld' ? { tasks: 'paper', evalVariationsPerTask: 10 } : {};

const env = (await loadPlugin('env', envName, process.cwd())).plugin;
const agentPlugin = (await loadPlugin('agent', agentName, process.cwd())).plugin;
const options = validateOptions(env.optionsSchema ?? {}, envOptions) as Record<string, unknown>;
const episodes = await env.episodes('train', options);
const agent = await agentPlugin.create(validateOptions(agentPlugin.optionsSchema ?? {}, {}), {
  seed: SEED,
  env: envName,
  agent: agentName,
  envPlugin: envName,
  countTokens: (text: string) => text.split(/\s+/).length,
  recordRuntime: () => {},
});
if (!agent.train || !agent.collect) throw new Error(`${agentName} does not train`);
const collect = agent.collect.bind(agent);

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`.padStart(9);
const highWater = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
const started = performance.now();
const forceGc = (globalThis as { gc?: () => void }).gc;
console.log(
  `${agentName} on ${envName}: ${episodes.length} training episodes; demonstrations ${demonstrations}${forceGc ? '' : ' (run with --expose-gc for live figures)'}`,
);
console.log(`${'phase'.padEnd(14)} ${'seconds'.padStart(7)} ${'heap'.padStart(9)} ${'buffers'.padStart(9)} ${'resident'.padStart(9)} ${'peak'.padStart(9)}`);

const scratchDir = mkdtempSync(join(tmpdir(), 'training-memory-'));
const source: TrainingSource = {
  env: envName,
  split: 'train',
  episodes,
  stepLimit: STEP_LIMIT,
  seed: hashSeed(SEED, envName, 'train'),
  settings: validateOptions(trainSchema, {
    profile: 'reference',
    demonstrations: demonstrations === 'all' ? null : Number(demonstrations),
    validationFraction: 0.05,
    validationMax: 40,
    bc: { epochs: Number(arg('bc-epochs', '1')) },
    rollouts: { episodes: Number(arg('rollouts', '400')), temperature: 1 },
    rl: { epochs: Number(arg('rl-epochs', '1')) },
  }),
  createEnv: async (episode: EpisodeSpec) => env.create(episode, { options, seed: SEED }),
  collect: async (items, _checkpoint, settings) => {
    const out = [];
    for (const { episode, seed } of items)
      out.push(await collect(await env.create(episode, { options, seed: SEED }), episode, { seed, stepLimit: STEP_LIMIT, settings }));
    return out;
  },
  scratchDir,
  log: (event) => {
    forceGc?.();
    const usage = process.memoryUsage();
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(
      `${String(event.phase).padEnd(14)} ${seconds.padStart(7)} ${mib(usage.heapUsed)} ${mib(usage.arrayBuffers)} ${mib(usage.rss)} ${mib(highWater())}`,
    );
  },
  progress: () => {},
};
try {
  await agent.train(source);
} finally {
  rmSync(scratchDir, { recursive: true, force: true });
}
