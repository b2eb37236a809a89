import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type CallRecord, createRng, type EpisodeRecord, hashSeed, type Rng, type StepRecord, type TokenCount } from '../../harness/api.ts';
import { summarizeRunLog } from '../../harness/stats/run-summary.ts';
import type { Manifest } from '../../harness/store/manifest.ts';

/**
 * Writes a realistic run folder (manifest, episode log, training log, summary, checkpoints/) for report
 * tests and the reporting benchmark: agents random, vanilla-rl, hrl and step-hrl on alfworld and
 * scienceworld, splits seen and unseen. Behaviour is synthetic but shaped like the paper's setting: the
 * history-conditioned agents' prompts grow with the step index while step-hrl's stay flat, success and
 * score rise from random to step-hrl, and episodes share a difficulty across agents so paired tests see
 * correlated outcomes. Deterministic: the same options write the same bytes.
 */
export interface FixtureOptions {
  /** Variations per task type and split (each is one episode per agent and seed). */
  variations?: number;
  seeds?: number[];
  stepLimit?: number;
  /** Write full per-step trajectories (observations, actions); off makes a smaller log. */
  trajectories?: boolean;
  /** Leave out summary.json, as a run stopped early would. */
  withoutSummary?: boolean;
  /** Multiply an agent's success chance (e.g. `{ 'step-hrl': 0.5 }` for a worse run of the same episodes). */
  skillScale?: Record<string, number>;
  /** Run id written to the manifest. */
  runId?: string;
  /** Record format: 2 (default) keeps the reset text and every policy call; 1 is the log of older harnesses. */
  format?: 1 | 2;
}

export const fixtureAgents = ['random', 'vanilla-rl', 'hrl', 'step-hrl'] as const;
export const fixtureEnvs = ['alfworld', 'scienceworld'] as const;
export const fixtureSplits = ['seen', 'unseen'] as const;

const tasksByEnv: Record<string, string[]> = {
  alfworld: [
    'pick_and_place_simple',
    'look_at_obj_in_light',
    'pick_clean_then_place_in_recep',
    'pick_heat_then_place_in_recep',
    'pick_cool_then_place_in_recep',
    'pick_two_obj_and_place',
  ],
  scienceworld: ['1-1 boil', '1-2 melt', '4-1 find-living-thing', '4-4 find-animal', '5-1 grow-plant', '6-1 chemistry-mix'],
};

/** Base success probability per agent and env; unseen episodes are a little harder. */
const skill: Record<string, Record<string, number>> = {
  random: { alfworld: 0.04, scienceworld: 0.02 },
  'vanilla-rl': { alfworld: 0.55, scienceworld: 0.3 },
  hrl: { alfworld: 0.7, scienceworld: 0.45 },
  'step-hrl': { alfworld: 0.82, scienceworld: 0.6 },
};

export function episodesInFixture(options: FixtureOptions = {}): number {
  const { variations = 3, seeds = [1] } = options;
  const tasks = Object.values(tasksByEnv).reduce((n, list) => n + list.length, 0);
  return tasks * variations * fixtureSplits.length * seeds.length * fixtureAgents.length;
}

export async function writeFixtureRun(dir: string, options: FixtureOptions = {}): Promise<{ dir: string; episodes: number }> {
  const { variations = 3, seeds = [1], stepLimit = 30, trajectories = true, skillScale = {}, format = 2 } = options;
  mkdirSync(join(dir, 'checkpoints'), { recursive: true });
  writeJson(join(dir, 'manifest.json'), manifest(seeds, stepLimit, options.runId ?? '2026-05-01T12-00-00Z-fixture'));

  const episodesFd = openSync(join(dir, 'episodes.jsonl'), 'w');
  const shuffler = createRng('fixture-order');
  let window: string[] = [];
  let written = 0;
  // Runs finish episodes out of order; a shuffled window of records reproduces that without holding the log.
  const flush = () => {
    shuffler.shuffle(window);
    writeSync(episodesFd, window.join(''));
    written += window.length;
    window = [];
  };
  for (const seed of seeds) {
    for (const env of fixtureEnvs) {
      for (const split of fixtureSplits) {
        for (const task of tasksByEnv[env]) {
          for (let variation = 0; variation < variations; variation++) {
            for (const agent of fixtureAgents) {
              window.push(
                JSON.stringify(episode({ env, split, task, variation, seed, agent, stepLimit, trajectories, format, skillScale: skillScale[agent] ?? 1 })) +
                  '\n',
              );
              if (window.length >= 256) flush();
            }
          }
        }
      }
    }
  }
  flush();
  closeSync(episodesFd);

  writeFileSync(
    join(dir, 'training.jsonl'),
    trainingLog(seeds)
      .map((event) => JSON.stringify(event) + '\n')
      .join(''),
  );
  if (!options.withoutSummary) {
    writeJson(join(dir, 'summary.json'), await summarizeRunLog(dir));
  }
  return { dir, episodes: written };
}

/** A manifest as the runner writes it (harness/store/manifest.ts). */
function manifest(seeds: number[], stepLimit: number, runId: string): Manifest {
  const plugin = (kind: string, name: string) => ({ kind, name, version: '1.0.0', origin: 'builtin', file: `plugins/${kind}s/${name}/index.ts` });
  return {
    runId,
    createdAt: '2026-05-01T12:00:00.000Z',
    harness: { version: '0.1.0' },
    suiteFile: 'suites/fixture.yaml',
    suiteHash: 'sha256:3f1c9a0d2b7e4c5f',
    suite: {
      name: 'fixture',
      seeds,
      stepLimit,
      stepTimeoutMs: 30_000,
      tokenizer: 'llama3',
      envs: fixtureEnvs.map((id) => ({
        id,
        use: id,
        stepLimit,
        options: {},
        train: { name: 'train', split: 'train' },
        eval: [
          { name: 'seen', split: 'valid_seen' },
          { name: 'unseen', split: 'valid_unseen' },
        ],
      })),
      agents: fixtureAgents.map((id) => ({ id, use: id, options: {}, train: id === 'random' ? false : { settings: { epochs: 5 } } })),
      metrics: ['success', 'score', 'tokens-per-step', 'steps'].map((use) => ({ use, options: {} })),
      reports: ['markdown', 'html', 'json', 'csv'].map((use) => ({ use, options: {} })),
    },
    plugins: [
      ...fixtureEnvs.map((name) => plugin('env', name)),
      ...fixtureAgents.map((name) => plugin('agent', name)),
      ...['markdown', 'html', 'json', 'csv'].map((name) => plugin('reporter', name)),
    ],
    git: { revision: 'a1b2c3d4e5f6a7b8c9d0', dirty: false },
    node: 'v20.20.2',
    backend: 'wasm',
    runtime: { '@tensorflow/tfjs-core': '4.22.0' },
    platform: { os: 'linux', release: '6.1.0', cpus: 2, cpuModel: 'x86_64 test CPU', memoryGiB: 24 },
    selection: { limit: null, only: null, shard: null },
  };
}

interface EpisodeSetup {
  env: string;
  split: string;
  task: string;
  variation: number;
  seed: number;
  agent: string;
  stepLimit: number;
  trajectories: boolean;
  format: 1 | 2;
  skillScale: number;
}

function episode(setup: EpisodeSetup): EpisodeRecord {
  const { env, split, task, variation, seed, agent, stepLimit } = setup;
  const id = `${task}/var-${variation}`;
  // Difficulty is shared by all agents on an episode; luck is the agent's own.
  const difficulty = createRng(hashSeed('difficulty', env, split, id, seed)).next();
  const rng = createRng(hashSeed(env, split, id, seed, agent));
  const taskIndex = tasksByEnv[env].indexOf(task);
  const taskFactor = 1.15 - 0.06 * taskIndex;
  const chance = Math.min(0.97, skill[agent][env] * setup.skillScale * taskFactor * (split === 'unseen' ? 0.9 : 1));
  const success = 0.7 * difficulty + 0.3 * rng.next() < chance;
  const crashed = agent === 'vanilla-rl' && rng.next() < 0.01;
  const failedTask = !success && !crashed && env === 'scienceworld' && rng.next() < 0.05;
  const steps = crashed ? 1 + rng.int(5) : success ? 6 + rng.int(18) : failedTask ? 3 + rng.int(10) : stepLimit;
  const finalScore = success ? 100 : failedTask ? -100 : env === 'scienceworld' ? 8 * rng.int(agent === 'random' ? 4 : 11) : 0;

  const trajectory: StepRecord[] = [];
  const perStep: number[] = [];
  const byRole: Record<string, TokenCount & { calls: number }> = {};
  // Texts come from their own generator, so the outcomes above do not depend on the record format.
  const words = createRng(hashSeed('text', env, split, id, seed, agent));
  const transcript = new Transcript(env, task, words);
  let score = 0;
  for (let t = 0; t < steps; t++) {
    const calls = policyCalls(agent, t, rng);
    let total = 0;
    const stepRoles: Record<string, TokenCount> = {};
    for (const call of calls) {
      total += call.prompt + call.completion;
      const role = (byRole[call.role] ??= { prompt: 0, completion: 0, calls: 0 });
      role.prompt += call.prompt;
      role.completion += call.completion;
      role.calls++;
      const stepRole = (stepRoles[call.role] ??= { prompt: 0, completion: 0 });
      stepRole.prompt += call.prompt;
      stepRole.completion += call.completion;
    }
    perStep.push(total);
    const last = t === steps - 1;
    const next = last ? finalScore : Math.max(score, Math.round((finalScore > 0 ? finalScore : 40) * (t / steps)));
    if (setup.trajectories) {
      const action = actionText(env, rng);
      const observation = observationText(env, rng);
      const step: StepRecord = {
        action,
        observation,
        reward: next - score,
        score: next,
        done: last && !crashed && (success || failedTask),
        tokens: { total, byRole: stepRoles },
      };
      if (agent === 'hrl' || agent === 'step-hrl') {
        step.note = { subtask: `subtask ${Math.floor(t / 4) + 1}`, subtaskFinished: t % 4 === 3 };
        if (agent === 'step-hrl') step.note.progress = transcript.progress;
      }
      if (setup.format === 2 && calls.length > 0) step.calls = transcript.calls(agent, t, calls, action);
      transcript.observe(action, observation);
      trajectory.push(step);
    }
    score = next;
  }
  const prompt = Object.values(byRole).reduce((n, r) => n + r.prompt, 0);
  const completion = Object.values(byRole).reduce((n, r) => n + r.completion, 0);
  const v2 = setup.format === 2 && setup.trajectories;
  return {
    ...(v2 ? { format: 2 } : {}),
    env,
    split,
    agent,
    seed,
    episode: id,
    task,
    variation,
    success,
    score: finalScore,
    reward: finalScore,
    steps,
    progress: success ? 1 : Math.max(0, finalScore) / 100,
    tokens: { total: prompt + completion, prompt, completion, perStep, byRole },
    ...(v2 ? { reset: transcript.reset } : {}),
    trajectory,
    ...(v2 ? { parts: transcript.parts } : {}),
    error: crashed ? 'agent vanilla-rl threw: RangeError: index out of range' : null,
    end: crashed ? 'error' : success || failedTask ? 'done' : 'step-limit',
    durationMs: 40 + rng.int(400),
  };
}

/**
 * The texts of a format-2 record: the reset, and each policy call's prompt as parts the episode stores once.
 * History-conditioned prompts (vanilla-rl, hrl) repeat every earlier step's part; step-hrl's hold one step.
 */
class Transcript {
  readonly parts: string[] = [];
  private readonly index = new Map<string, number>();
  readonly reset: NonNullable<EpisodeRecord['reset']>;
  private readonly history: number[] = [];
  private observation: string;
  progress = 'None';

  constructor(
    env: string,
    task: string,
    private readonly rng: Rng,
  ) {
    const look = observationText(env, rng);
    this.observation = look;
    this.reset = {
      task: `Your task is to: ${task.replace(/[_-]/g, ' ')}.`,
      observation: `${look}\n\nYour task is to: ${task.replace(/[_-]/g, ' ')}.`,
      info: { look },
    };
  }

  calls(agent: string, t: number, costs: { role: string; prompt: number; completion: number }[], action: string): CallRecord[] {
    const header = this.part(`You are an agent in a text world. ${this.reset.task}\n`);
    const now = this.part(`Observation: ${this.observation}\n`);
    const subtask = this.part(`Subtask: subtask ${Math.floor(t / 4) + 1}\n`);
    return costs.map(({ role, prompt, completion }) => {
      const tail = this.part(`${role === 'high' ? 'Next subtask' : role === 'progress' ? 'Progress' : 'Action'}:`);
      const indices =
        agent === 'step-hrl'
          ? [header, this.part(`Progress: ${this.progress}\n`), ...(role === 'high' ? [] : [subtask]), now, tail]
          : [header, ...this.history, ...(role === 'low' ? [subtask] : []), now, tail];
      const text = role === 'high' ? `subtask ${Math.floor(t / 4) + 1}` : role === 'progress' ? this.nextProgress(action) : action;
      return { role, prompt: indices, completion: text, tokens: { prompt, completion } };
    });
  }

  observe(action: string, observation: string): void {
    this.history.push(this.part(`Observation: ${this.observation}\n> ${action}\n`));
    this.observation = observation;
  }

  private nextProgress(action: string): string {
    this.progress = `Did "${action}"; ${this.rng.pick(['nothing new found', 'the object is in sight', 'checked one more place'])}.`;
    return this.progress;
  }

  private part(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.parts.length;
      this.parts.push(text);
      this.index.set(text, i);
    }
    return i;
  }
}

/**
 * Token cost of one step's policy calls. vanilla-rl and hrl are conditioned on the whole history, so their
 * prompts grow with the step index t; step-hrl sees one augmented transition, so its prompts stay flat.
 */
function policyCalls(agent: string, t: number, rng: Rng): { role: string; prompt: number; completion: number }[] {
  const jitter = () => rng.int(21) - 10;
  switch (agent) {
    case 'vanilla-rl':
      return [{ role: 'policy', prompt: 260 + 34 * t + jitter(), completion: 9 }];
    case 'hrl':
      return [
        ...(t % 4 === 0 ? [{ role: 'high', prompt: 230 + 30 * t + jitter(), completion: 12 }] : []),
        { role: 'low', prompt: 190 + 21 * t + jitter(), completion: 9 },
      ];
    case 'step-hrl':
      return [
        ...(t % 4 === 0 ? [{ role: 'high', prompt: 210 + jitter(), completion: 12 }] : []),
        { role: 'low', prompt: 175 + jitter(), completion: 10 },
        { role: 'progress', prompt: 150 + jitter(), completion: 28 + rng.int(10) },
      ];
    default:
      return [];
  }
}

const places = ['countertop 1', 'cabinet 3', 'fridge 1', 'microwave 1', 'sinkbasin 1', 'shelf 2', 'drawer 4'];
const rooms = ['kitchen', 'hallway', 'greenhouse', 'workshop', 'outside', 'bathroom'];

function actionText(env: string, rng: Rng): string {
  return env === 'alfworld' ? `go to ${rng.pick(places)}` : `open door to ${rng.pick(rooms)}`;
}

function observationText(env: string, rng: Rng): string {
  if (env === 'alfworld') {
    const place = rng.pick(places);
    return `You arrive at ${place}. On the ${place}, you see a mug 2, a saltshaker 1, a apple ${1 + rng.int(3)}, and a knife 1.`;
  }
  return `This room is called the ${rng.pick(rooms)}. In it, you see: \n\ta substance called air\n\ta table. On the table is: a glass cup (containing nothing).\n\tthe agent\nYou also see:\n\tA door to the hallway (that is open)`;
}

/** Training events as the built-in agents log them: epochs from 1, `seconds` the clock since training began. */
function trainingLog(seeds: number[]) {
  const events: Record<string, unknown>[] = [];
  for (const seed of seeds) {
    for (const env of fixtureEnvs) {
      for (const agent of fixtureAgents) {
        if (agent === 'random') continue;
        const rng = createRng(hashSeed('training', env, agent, seed));
        const samples = agent === 'vanilla-rl' ? 4200 : 5100;
        let clock = 0.3 + rng.next() * 0.2;
        events.push({ env, agent, seed, phase: 'data', demonstrations: 300, seconds: round(clock) });
        const bcStart = clock;
        let losses: Record<string, number> = {};
        for (let epoch = 1; epoch <= 5; epoch++) {
          const decay = Math.exp(-0.45 * (epoch - 1));
          losses =
            agent === 'vanilla-rl'
              ? { policy: 2.1 * decay + 0.3 + rng.next() * 0.05 }
              : {
                  high: 1.6 * decay + 0.2 + rng.next() * 0.05,
                  low: 2.0 * decay + 0.25 + rng.next() * 0.05,
                  ...(agent === 'step-hrl' ? { progress: 2.6 * decay + 0.5 + rng.next() * 0.05 } : {}),
                };
          events.push({ env, agent, seed, phase: 'bc-epoch', epoch, samples, losses });
          clock += 11 + rng.next() * 3;
        }
        events.push({ env, agent, seed, phase: 'bc', samples, losses, seconds: round(clock), trainSeconds: round(clock - bcStart - 0.2) });
        clock += 95 + rng.next() * 10;
        events.push({ env, agent, seed, phase: 'rollouts', episodes: 300, transitions: 300 * 18, seconds: round(clock) });
        const rlStart = clock;
        for (let epoch = 1; epoch <= 3; epoch++) {
          events.push({
            env,
            agent,
            seed,
            phase: 'rl-epoch',
            epoch,
            samples: samples + 5400,
            qLoss: 0.8 * Math.exp(-0.6 * (epoch - 1)) + rng.next() * 0.05,
            vLoss: 0.3 * Math.exp(-0.5 * (epoch - 1)) + rng.next() * 0.02,
            actorLoss: -0.1 - 0.05 * (epoch - 1) + rng.next() * 0.02,
          });
          clock += 40 + rng.next() * 5;
        }
        events.push({ env, agent, seed, phase: 'rl', seconds: round(clock), trainSeconds: round(clock - rlStart) });
      }
    }
  }
  return events;
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}
