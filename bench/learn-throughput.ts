/**
 * Training throughput of the learning kit: behaviour-cloning and offline-RL samples per second on this
 * machine, with the network sizes every agent uses by default.
 *
 *   npx tsx bench/learn-throughput.ts [--hidden 128] [--steps 30] [--candidates 16] [--prompt-words 150]
 *
 * Samples are synthetic but shaped like the agents' data: prompts of a few hundred words in labelled fields
 * (task, observation, look, inventory, progress) and candidate lists of short actions, 16 shown per sample.
 * One step trains three levels (as STEP-HRL does) with 32 samples each. Reported per second of wall time and
 * per second of this process's CPU time (the machine may be shared: CPU time is the steadier figure).
 */
import { createRng } from '../harness/api.ts';
import {
  backendInfo,
  CandidatePolicy,
  defaultBehaviourCloningSettings,
  defaultOfflineRlSettings,
  encodeCandidate,
  encodePrompt,
  initBackend,
  type RlSample,
  type TrainingSample,
  trainBehaviourCloning,
  trainOfflineRL,
} from '../harness/learn/index.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const hidden = arg('hidden', 128);
const steps = arg('steps', 30);
const candidatesPerSample = arg('candidates', 16);
const promptWords = arg('prompt-words', 150);
const batchSize = 32;

await initBackend();
const rng = createRng('learn-throughput');
const vocabulary = Array.from({ length: 800 }, (_, i) => `word${i}`);
const words = (n: number) => Array.from({ length: n }, () => rng.pick(vocabulary)).join(' ');
const actionPool = Array.from({ length: 300 }, () => `${rng.pick(['go to', 'open', 'take', 'move', 'pick up', 'use'])} ${words(2)}`);

function sample(): TrainingSample {
  const share = Math.floor(promptWords / 5);
  const prompt = encodePrompt(
    `You are an agent.\nTask: ${words(share)}\nCurrent observation: ${words(share)}\nLook: ${words(share)}\n` +
      `Inventory: ${words(share / 2)}\nLocal progress: ${words(share)}\n`,
  );
  const candidates = Array.from({ length: 40 }, () => encodeCandidate(rng.pick(actionPool)));
  return { prompt, candidates, chosen: rng.int(candidates.length), flag: rng.next() < 0.3 };
}

const levels = ['high', 'low', 'progress'];
const perLevel = steps * batchSize;
const bcData = levels.map((level) => ({ level, samples: Array.from({ length: perLevel }, sample) }));
const rlData = bcData.map(({ level, samples }) => ({
  level,
  samples: samples.map((s, i): RlSample => ({ ...s, reward: rng.next() < 0.2 ? 1 : 0, done: i % 10 === 9, next: samples[(i + 1) % samples.length].prompt })),
}));

async function measure(name: string, run: () => Promise<unknown>, samples: number): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const wall = (performance.now() - t0) / 1000;
  const cpuUsed = process.cpuUsage(cpu0);
  const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
  console.log(
    `${name.padEnd(16)} ${samples} samples in ${wall.toFixed(1)} s wall / ${cpu.toFixed(1)} s cpu: ` +
      `${(samples / wall).toFixed(0)} samples/s wall, ${(samples / cpu).toFixed(0)} samples/s cpu`,
  );
}

const policy = new CandidatePolicy({ hidden }, 1);
const info = backendInfo();
console.log(
  `backend ${info?.name} ${info?.backendVersion ?? ''} (simd ${info?.simd ?? '-'}), hidden ${hidden}, ` +
    `prompt width ${policy.config.encoder.stateDim}, candidate embedding ${policy.config.encoder.candidateDim}, ` +
    `${candidatesPerSample} candidates shown per sample, batch ${batchSize} per level × ${levels.length} levels`,
);

await measure(
  'behaviour cloning',
  () => trainBehaviourCloning(policy, bcData, { ...defaultBehaviourCloningSettings, epochs: 1, batchSize, maxCandidates: candidatesPerSample }, 1),
  perLevel * levels.length,
);
await measure(
  'offline RL',
  () => trainOfflineRL(policy, rlData, { ...defaultOfflineRlSettings, epochs: 1, batchSize, maxCandidates: candidatesPerSample, warmupSteps: 0 }, 1),
  perLevel * levels.length,
);
