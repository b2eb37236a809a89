import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, AgentPlugin, TrainingEvent } from '../../harness/api.ts';
import hrl from '../../plugins/agents/hrl/index.ts';
import random from '../../plugins/agents/random/index.ts';
import stepHrl from '../../plugins/agents/step-hrl/index.ts';
import vanilla from '../../plugins/agents/vanilla-rl/index.ts';
import toyHouse from '../fixtures/envs/toy-house.ts';
import { agentContext, createAgent, evaluate, summary, trainingSource } from './harness-loop.ts';

// Small networks and budgets: these tests check behaviour, not the benchmark's figures.
const network = { hidden: 64, stateDim: 2048, candidateDim: 64 };
const bcOnly = { demonstrations: 64, validationFraction: 0, bc: { epochs: 10, batchSize: 16 }, rl: { epochs: 0 } };

let dir: string;
let trained: Agent;
const events: TrainingEvent[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agents-'));
  trained = await createAgent(stepHrl as AgentPlugin, network, agentContext(3));
  await trained.train!(await trainingSource(toyHouse, trained, { settings: bcOnly, events }));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a behaviour-cloned STEP-HRL agent', () => {
  it('beats a random agent on unseen objects of a small env', async () => {
    const learned = summary(await evaluate(trained, toyHouse, 'unseen', { limit: 16 }));
    const baseline = summary(await evaluate(await createAgent(random as AgentPlugin, {}, agentContext(3)), toyHouse, 'unseen', { limit: 16 }));
    expect(learned.success).toBeGreaterThanOrEqual(0.4);
    expect(learned.success).toBeGreaterThan(baseline.success + 0.3);
  });

  it('logs its data, coverage and losses while training', () => {
    const phases = events.map((e) => e.phase);
    expect(phases).toEqual(expect.arrayContaining(['data', 'bc-data', 'bc-epoch', 'bc']));
    const data = events.find((e) => e.phase === 'bc-data')!;
    expect(data.coverage).toEqual({ high: 1, low: 1, progress: 1 });
  });

  it('acts identically after a save and load into a fresh agent', async () => {
    await trained.save!(dir);
    const restored = await createAgent(stepHrl as AgentPlugin, network, agentContext(99));
    await restored.load!(dir);
    const before = await evaluate(trained, toyHouse, 'seen', { limit: 4 });
    const after = await evaluate(restored, toyHouse, 'seen', { limit: 4 });
    expect(after.map((e) => e.actions)).toEqual(before.map((e) => e.actions));
    expect(after.map((e) => e.trace)).toEqual(before.map((e) => e.trace));
  });

  it('calls high, low and progress policies on exactly the STEP-HRL fields', async () => {
    const [episode] = await evaluate(trained, toyHouse, 'seen', { limit: 1 });
    const roles = episode.trace.map((calls) => calls.map((c) => c.role));
    expect(roles[0]).toEqual(['high', 'low']);
    for (const step of roles.slice(1)) expect(step[0]).toBe('progress');
    const low = episode.trace[0].find((c) => c.role === 'low')!;
    const text = (low.prompt as string[]).join('');
    expect(text).toMatch(/^You are a low-level executor.*\nSubtask: .*\nCurrent observation: [\s\S]*\nLocal progress: None\n$/);
    expect(low.completion).toMatch(/; (True|False)$/);
    // The low level's prompt never carries the interaction history.
    for (const calls of episode.trace) for (const c of calls) expect((c.prompt as string[]).join('')).not.toContain('Action 0:');
  });
});

describe('the baselines', () => {
  it('vanilla conditions on the whole history: one call per step, one history part more each step', async () => {
    const agent = await createAgent(vanilla as AgentPlugin, network, agentContext(1));
    const [episode] = await evaluate(agent, toyHouse, 'seen', { limit: 1, stepLimit: 5 });
    expect(episode.trace.every((calls) => calls.length === 1 && calls[0].role === 'policy')).toBe(true);
    expect(episode.trace.map((calls) => (calls[0].prompt as string[]).length)).toEqual([3, 4, 5, 6, 7]);
    expect((episode.trace[4][0].prompt as string[])[2]).toMatch(/^Observation 0: [\s\S]*\nAction 0: /);
  });

  it('hrl asks its high level again only after the low level declares the subtask finished', async () => {
    const agent = await createAgent(hrl as AgentPlugin, network, agentContext(2));
    const [episode] = await evaluate(agent, toyHouse, 'seen', { limit: 1, stepLimit: 12 });
    episode.trace.forEach((calls, t) => {
      const previousLow = t > 0 ? episode.trace[t - 1].find((c) => c.role === 'low')! : null;
      const expectHigh = t === 0 || previousLow!.completion.endsWith('; True');
      expect(calls.map((c) => c.role)).toEqual(expectHigh ? ['high', 'low'] : ['low']);
    });
  });
});

describe('the STEP-HRL ablations', () => {
  it('without local progress: high and low only, and no progress field in their prompts', async () => {
    const agent = await createAgent(stepHrl as AgentPlugin, { ...network, localProgress: false }, agentContext(1));
    const [episode] = await evaluate(agent, toyHouse, 'seen', { limit: 1, stepLimit: 6 });
    const roles = new Set(episode.trace.flat().map((c) => c.role));
    expect([...roles].sort()).toEqual(['high', 'low']);
    for (const call of episode.trace.flat()) expect((call.prompt as string[]).join('')).not.toMatch(/progress:/i);
  });

  it('without hierarchy: one policy on task, observation and progress, and a progress module on the task', async () => {
    const agent = await createAgent(stepHrl as AgentPlugin, { ...network, hierarchy: false }, agentContext(1));
    const [episode] = await evaluate(agent, toyHouse, 'seen', { limit: 1, stepLimit: 6 });
    expect(episode.trace[0].map((c) => c.role)).toEqual(['policy']);
    for (const calls of episode.trace.slice(1)) expect(calls.map((c) => c.role)).toEqual(['progress', 'policy']);
    const policy = (episode.trace[1][1].prompt as string[]).join('');
    expect(policy).toMatch(/\nTask: .*\nCurrent observation: [\s\S]*\nProgress: /);
    expect((episode.trace[1][0].prompt as string[])[1]).toMatch(/^Task: /);
  });
});

describe('the full pipeline', () => {
  it('runs BC, rollouts, offline RL and selection, deterministically for a seed', async () => {
    const settings = {
      demonstrations: 16,
      validationFraction: 0.25,
      validationMax: 4,
      bc: { epochs: 2, batchSize: 16 },
      rollouts: { episodes: 3 },
      rl: { epochs: 1, batchSize: 16, warmupSteps: 1 },
    };
    const runOnce = async () => {
      const log: TrainingEvent[] = [];
      const agent = await createAgent(vanilla as AgentPlugin, network, agentContext(5));
      await agent.train!(await trainingSource(toyHouse, agent, { settings, events: log }));
      return { log, actions: (await evaluate(agent, toyHouse, 'seen', { limit: 2, stepLimit: 8 })).map((e) => e.actions) };
    };
    const first = await runOnce();
    expect(first.log.map((e) => e.phase)).toEqual(expect.arrayContaining(['rollouts', 'rl-data', 'rl-epoch', 'rl', 'selection']));
    const second = await runOnce();
    expect(second.actions).toEqual(first.actions);
  }, 120_000);
});

describe('the historyWindow ablation', () => {
  it.each([
    ['vanilla-rl', vanilla, 'policy'],
    ['hrl', hrl, 'high'],
  ] as const)('%s keeps only the last n steps of history in its prompts', async (_name, plugin, role) => {
    const agent = await createAgent(plugin as AgentPlugin, { ...network, historyWindow: 2 }, agentContext(1));
    const [episode] = await evaluate(agent, toyHouse, 'seen', { limit: 1, stepLimit: 6 });
    const prompts = episode.trace.flatMap((calls) => calls.filter((c) => c.role === role).map((c) => (c.prompt as string[]).join('')));
    const last = prompts.at(-1)!;
    const entries = last.match(/^Action \d+:/gm) ?? [];
    expect(entries.length).toBeLessThanOrEqual(2);
    if (role === 'policy') expect(entries).toEqual(['Action 3:', 'Action 4:']);
  });
});
