/**
 * Chooses how the text encoder reads interaction history (`historyRecency` in `harness/learn/text-features.ts`)
 * on the training split only: each variant trains the history-conditioned agents (vanilla-rl, hrl) by
 * behaviour cloning on one part of the train split's episodes and is scored, greedily, on a held-out part of
 * the same split. Seen and unseen episodes are never touched.
 *
 *   npx tsx bench/history-encoding.ts [--envs alfworld,scienceworld] [--agents vanilla-rl,hrl] [--fit 150]
 *                                     [--held-out 60] [--epochs 6] [--seeds 1,2] [--variants bag,1-2,1-2-4-8]
 *
 * A variant is written as its recency boundaries joined by `-` (`1-2-4-8`: the latest entry, the one before,
 * 2–3 back, 4–7 back, older), `bag` (presence only, the encoder before history order was kept), or `bag+…`
 * (recency buckets beside the bag of all entries). Per env,
 * agent and variant it prints the held-out success rate and mean score (averaged over training seeds) and the
 * agent's own validation accuracy (imitation accuracy on a slice of the fitting episodes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, type EnvPlugin, type EpisodeSpec, hashSeed, type TrainingEvent } from '../harness/api.ts';
import { validateOptions } from '../harness/schema/compile.ts';
import type { AgentDefinition } from '../plugins/agents/common/learning-agent.ts';
import { LearningAgent, networkConfig } from '../plugins/agents/common/learning-agent.ts';
import { trainSchema } from '../plugins/agents/common/train-settings.ts';
import hrl, { type HrlOptions, hrlDefinition } from '../plugins/agents/hrl/index.ts';
import vanilla, { type VanillaOptions, vanillaDefinition } from '../plugins/agents/vanilla-rl/index.ts';
import alfworld from '../plugins/envs/alfworld/index.ts';
import scienceworld from '../plugins/envs/scienceworld/index.ts';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const ENVS: Record<string, EnvPlugin> = { alfworld, scienceworld };
/** Each agent with its default options (as the harness fills them in). */
const AGENTS: Record<string, () => { definition: AgentDefinition; options: Record<string, unknown> }> = {
  'vanilla-rl': () => {
    const options = validateOptions(vanilla.optionsSchema, {}) as VanillaOptions;
    return { definition: vanillaDefinition(options), options };
  },
  hrl: () => {
    const options = validateOptions(hrl.optionsSchema, {}) as HrlOptions;
    return { definition: hrlDefinition(options), options };
  },
};
const envNames = flag('envs', 'alfworld,scienceworld').split(',');
const agentNames = flag('agents', 'vanilla-rl,hrl').split(',');
const fitCount = Number(flag('fit', '150'));
const heldOutCount = Number(flag('held-out', '60'));
const epochs = Number(flag('epochs', '6'));
const seeds = flag('seeds', '1,2').split(',').map(Number);
const variants = flag('variants', 'bag,1-2-4-8,bag+1-2,bag+1-2-4-8').split(',');
const stepLimit = 50;

/** `bag`; `1-2-4-8` (recency buckets only); `bag+1-2-4-8` (recency buckets and the bag). */
function encoderVariant(variant: string): { historyRecency: number[]; historyBag: boolean } {
  if (variant === 'bag') return { historyRecency: [], historyBag: true };
  const bag = variant.startsWith('bag+');
  return { historyRecency: variant.replace('bag+', '').split('-').map(Number), historyBag: bag };
}

interface Outcome {
  success: number;
  score: number;
  validationAccuracy: number;
  trainSeconds: number;
}

async function trainAndScore(envName: string, agentName: string, variant: string, seed: number, fit: EpisodeSpec[], heldOut: EpisodeSpec[]): Promise<Outcome> {
  const env = ENVS[envName];
  const { definition, options } = AGENTS[agentName]();
  const network = networkConfig(options as VanillaOptions);
  network.encoder = { ...network.encoder!, ...encoderVariant(variant) };
  const agent = await LearningAgent.create(
    definition,
    options,
    { seed: hashSeed(seed, envName, agentName), env: envName, agent: agentName, envPlugin: envName, countTokens: () => 0, recordRuntime: () => {} },
    network,
  );
  const events: TrainingEvent[] = [];
  const scratchDir = mkdtempSync(join(tmpdir(), 'history-encoding-'));
  const createEnv = async (episode: EpisodeSpec) => env.create(episode, { options: {}, seed });
  try {
    await agent.train({
      env: envName,
      split: 'train',
      episodes: fit,
      stepLimit,
      seed,
      settings: validateOptions(trainSchema, {
        demonstrations: null,
        validationFraction: 0.1,
        validationMax: 16,
        bc: { epochs },
        rollouts: { episodes: 0 },
        rl: { epochs: 0 },
        select: false,
      }),
      createEnv,
      collect: async () => [],
      scratchDir,
      log: (e) => events.push(e),
      progress: () => {},
    });
    let success = 0;
    let score = 0;
    for (const [i, episode] of heldOut.entries()) {
      const instance = await createEnv(episode);
      try {
        const result = (await agent.collect(instance, episode, {
          seed: hashSeed(seed, 'held-out', i),
          stepLimit,
          settings: { temperature: 0, summary: true },
        })) as {
          success: boolean;
          score: number;
        };
        success += result.success ? 1 : 0;
        score += result.score;
      } finally {
        await instance.close?.();
      }
    }
    const bc = events.find((e) => e.phase === 'bc') as { validationAccuracy?: Record<string, number>; trainSeconds?: number } | undefined;
    const accuracy = Object.values(bc?.validationAccuracy ?? {});
    return {
      success: success / heldOut.length,
      score: score / heldOut.length,
      validationAccuracy: accuracy.length ? accuracy.reduce((a, b) => a + b, 0) / accuracy.length : Number.NaN,
      trainSeconds: bc?.trainSeconds ?? Number.NaN,
    };
  } finally {
    agent.dispose();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

console.log(
  `history encoding on the train split: ${fitCount} fitting + ${heldOutCount} held-out episodes per env, BC ${epochs} epochs, ` +
    `seeds ${seeds.join(',')}, step limit ${stepLimit}`,
);
console.log('\n| env | agent | variant | held-out success % | held-out score | validation accuracy % |');
console.log('| :--- | :--- | :--- | ---: | ---: | ---: |');
for (const envName of envNames) {
  const all = await ENVS[envName].episodes('train', {});
  const shuffled = createRng(hashSeed('history-encoding', envName)).shuffle([...all]);
  const fit = shuffled.slice(0, fitCount);
  const heldOut = shuffled.slice(fitCount, fitCount + heldOutCount);
  for (const agentName of agentNames) {
    for (const variant of variants) {
      const outcomes: Outcome[] = [];
      for (const seed of seeds) outcomes.push(await trainAndScore(envName, agentName, variant, seed, fit, heldOut));
      const mean = (key: keyof Outcome) => outcomes.reduce((s, o) => s + o[key], 0) / outcomes.length;
      console.log(
        `| ${envName} | ${agentName} | ${variant} | ${(100 * mean('success')).toFixed(1)} | ${mean('score').toFixed(1)} | ${(100 * mean('validationAccuracy')).toFixed(1)} |`,
      );
    }
  }
}
