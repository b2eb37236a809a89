/**
 * Training throughput of the learning kit: behaviour-cloning and offline-RL samples per second on this
 * machine, with the network sizes every agent uses by default, for each training engine (`fused`, the
 * default, and `tfjs`, the reference).
 *
 *   npx tsx bench/learn-throughput.ts [--rounds 5] [--steps 120] [--engines fused,tfjs] [--hidden 128]
 *                                     [--candidates 16] [--prompt-words 150] [--profile <dir>] [--kernel-times]
 *
 * Samples are synthetic but shaped like the agents' data: prompts of a few hundred words in labelled fields
 * (task, observation, look, inventory, progress) and lists of 40 candidate actions drawn from a pool of 300
 * (encoded once and shared, as the agents' `candidateEncodings` cache shares them), 16 shown per sample.
 * One step trains three levels (as STEP-HRL does) with 32 samples each; offline RL runs without warm-up, so
 * every step has its critic and actor updates. Each round trains a fresh network with every engine in turn;
 * the figures are medians over rounds, per second of wall time and per second of this process's CPU time
 * (the machine may be shared: CPU time is the steadier figure). `--profile` writes a V8 CPU profile of each
 * engine's training (data generation excluded) into the folder, for `bench/cpu-profile-summary.ts`.
 * `--kernel-times` times every tfjs kernel call of the first round (tfjs engine) by kernel name and shape
 * class, and prints calls and milliseconds per training step.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
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
  type TrainingEngine,
  type TrainingSample,
  tf,
  trainBehaviourCloning,
  trainOfflineRL,
} from '../harness/learn/index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const hidden = Number(arg('hidden', '128'));
const steps = Number(arg('steps', '120'));
const rounds = Number(arg('rounds', '5'));
const candidatesPerSample = Number(arg('candidates', '16'));
const promptWords = Number(arg('prompt-words', '150'));
const engines = arg('engines', 'fused,tfjs').split(',') as TrainingEngine[];
const profileDir = process.argv.includes('--profile') ? arg('profile', 'profiles') : null;
const batchSize = 32;

await initBackend();
const rng = createRng('learn-throughput');
const vocabulary = Array.from({ length: 800 }, (_, i) => `word${i}`);
const words = (n: number) => Array.from({ length: n }, () => rng.pick(vocabulary)).join(' ');
const actionPool = Array.from({ length: 300 }, () => encodeCandidate(`${rng.pick(['go to', 'open', 'take', 'move', 'pick up', 'use'])} ${words(2)}`));

function sample(): TrainingSample {
  const share = Math.floor(promptWords / 5);
  const prompt = encodePrompt(
    `You are an agent.\nTask: ${words(share)}\nCurrent observation: ${words(share)}\nLook: ${words(share)}\n` +
      `Inventory: ${words(share / 2)}\nLocal progress: ${words(share)}\n`,
  );
  const candidates = Array.from({ length: 40 }, () => rng.pick(actionPool));
  return { prompt, candidates, chosen: rng.int(candidates.length), flag: rng.next() < 0.3 };
}

const levels = ['high', 'low', 'progress'];
const perLevel = steps * batchSize;
const samples = perLevel * levels.length;
const bcData = levels.map((level) => ({ level, samples: Array.from({ length: perLevel }, sample) }));
const rlData = bcData.map(({ level, samples }) => ({
  level,
  samples: samples.map((s, i): RlSample => ({ ...s, reward: rng.next() < 0.2 ? 1 : 0, done: i % 10 === 9, next: samples[(i + 1) % samples.length].prompt })),
}));

/** Per tfjs kernel (name, and for matMul the operand shapes): calls and milliseconds, while `timing` is on. */
const kernelTimes = new Map<string, { calls: number; ms: number }>();
let timing = false;
if (process.argv.includes('--kernel-times')) {
  for (const kernel of tf.getKernelsForBackend(tf.getBackend())) {
    const run = kernel.kernelFunc;
    tf.unregisterKernel(kernel.kernelName, kernel.backendName);
    tf.registerKernel({
      ...kernel,
      kernelFunc: ((args: { inputs: Record<string, { shape: number[] }> }) => {
        if (!timing) return run(args as never);
        const t0 = performance.now();
        const out = run(args as never);
        const size = (t: { shape: number[] }) => t.shape.reduce((a, b) => a * b, 1);
        const key = kernel.kernelName.includes('MatMul')
          ? `${kernel.kernelName} [${args.inputs.a.shape}]·[${args.inputs.b.shape}]`
          : `${kernel.kernelName} (${Object.values(args.inputs).some((t) => size(t) >= 1e5) ? 'large' : 'small'} operands)`;
        const entry = kernelTimes.get(key) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += performance.now() - t0;
        kernelTimes.set(key, entry);
        return out;
      }) as never,
    });
  }
}

const session = profileDir ? new Session() : null;
if (session) {
  mkdirSync(profileDir!, { recursive: true });
  session.connect();
  await session.post('Profiler.enable');
}

/** Wall and CPU seconds of one training run (profiled when asked). */
async function timed(run: () => Promise<unknown>, profileName: string | null): Promise<{ wall: number; cpu: number }> {
  if (session && profileName) await session.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const wall = (performance.now() - t0) / 1000;
  const cpuUsed = process.cpuUsage(cpu0);
  if (session && profileName) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(profileDir!, `${profileName}.cpuprofile`), JSON.stringify(profile));
  }
  return { wall, cpu: (cpuUsed.user + cpuUsed.system) / 1e6 };
}

const policyProbe = new CandidatePolicy({ hidden }, 1);
const info = backendInfo();
console.log(
  `backend ${info?.name} ${info?.backendVersion ?? ''} (simd ${info?.simd ?? '-'}), hidden ${hidden}, ` +
    `prompt width ${policyProbe.config.encoder.stateDim}, candidate embedding ${policyProbe.config.encoder.candidateDim}, ` +
    `${candidatesPerSample} candidates shown per sample, batch ${batchSize} per level × ${levels.length} levels, ` +
    `${steps} steps (${samples} samples) per run, ${rounds} rounds`,
);
policyProbe.dispose();

const results = new Map<string, { wall: number[]; cpu: number[] }>();
const record = (key: string, t: { wall: number; cpu: number }) => {
  const r = results.get(key) ?? { wall: [], cpu: [] };
  r.wall.push(samples / t.wall);
  r.cpu.push(samples / t.cpu);
  results.set(key, r);
};

for (let round = 0; round < rounds; round++) {
  for (const engine of engines) {
    const policy = new CandidatePolicy({ hidden }, 1);
    const profile = round === 0 ? engine : null;
    const bc = { ...defaultBehaviourCloningSettings, epochs: 1, batchSize, maxCandidates: candidatesPerSample, engine };
    timing = round === 0 && engine === 'tfjs';
    record(`${engine} behaviour cloning`, await timed(() => trainBehaviourCloning(policy, bcData, bc, 1), profile && `${profile}-bc`));
    timing = false;
    const rl = { ...defaultOfflineRlSettings, epochs: 1, batchSize, maxCandidates: candidatesPerSample, warmupSteps: 0, engine };
    record(`${engine} offline RL`, await timed(() => trainOfflineRL(policy, rlData, rl, 1), profile && `${profile}-rl`));
    policy.dispose();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
console.log('\n| engine | stage | samples/s wall (median) | samples/s CPU (median) | rounds |');
console.log('| :--- | :--- | ---: | ---: | ---: |');
for (const [key, r] of results) {
  const [engine, ...stage] = key.split(' ');
  console.log(`| ${engine} | ${stage.join(' ')} | ${median(r.wall).toFixed(0)} | ${median(r.cpu).toFixed(0)} | ${r.wall.length} |`);
}
if (kernelTimes.size > 0) {
  let [calls, ms] = [0, 0];
  for (const k of kernelTimes.values()) [calls, ms] = [calls + k.calls, ms + k.ms];
  console.log(`\ntfjs kernels, behaviour cloning, per step: ${(calls / steps).toFixed(0)} calls, ${(ms / steps).toFixed(1)} ms`);
  console.log('| kernel | calls/step | ms/step |\n| :--- | ---: | ---: |');
  for (const [key, k] of [...kernelTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16)) {
    console.log(`| ${key} | ${(k.calls / steps).toFixed(0)} | ${(k.ms / steps).toFixed(1)} |`);
  }
}
if (engines.includes('fused') && engines.includes('tfjs')) {
  for (const stage of ['behaviour cloning', 'offline RL']) {
    const fused = results.get(`fused ${stage}`)!;
    const tfjs = results.get(`tfjs ${stage}`)!;
    console.log(
      `${stage}: fused / tfjs = ${(median(fused.cpu) / median(tfjs.cpu)).toFixed(1)}× (CPU), ${(median(fused.wall) / median(tfjs.wall)).toFixed(1)}× (wall)`,
    );
  }
}
