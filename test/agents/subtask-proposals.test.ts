import { describe, expect, it } from 'vitest';
import type { AgentPlugin, Env, EnvPlugin, TrainingEvent } from '../../harness/api.ts';
import { SubtaskProposer } from '../../plugins/agents/common/subtask-proposals.ts';
import hrl from '../../plugins/agents/hrl/index.ts';
import random from '../../plugins/agents/random/index.ts';
import stepHrl from '../../plugins/agents/step-hrl/index.ts';
import vanilla from '../../plugins/agents/vanilla-rl/index.ts';
import toyHouse from '../fixtures/envs/toy-house.ts';
import { agentContext, createAgent, evaluate, summary, trainingSource } from './harness-loop.ts';

const context = (task: string, observation: string, validActions: string[]) => ({ task, observation, validActions });

describe('the subtask proposer', () => {
  const examples = [
    {
      context: context('Your task is to: put a apple in fridge.', 'You see a table 1, a fridge 1.', ['go to table 1', 'go to fridge 1']),
      subtask: 'locate and pick up apple',
    },
    {
      context: context('Your task is to: put a apple in fridge.', 'You pick up the apple 1 from the table 1.', [
        'go to table 1',
        'go to fridge 1',
        'examine apple 1',
      ]),
      subtask: 'put apple 1 in fridge 1',
    },
    {
      context: context('Your task is to: put a mug in sink.', 'You see a shelf 1, a sink 1.', ['go to shelf 1', 'go to sink 1']),
      subtask: 'locate and pick up mug',
    },
    {
      context: context('Your task is to: put a mug in sink.', 'You see a shelf 1, a sink 1.', ['go to shelf 1', 'go to sink 1']),
      subtask: 'navigate to(kitchen)',
    },
  ];
  const proposer = SubtaskProposer.learn(examples);

  it('grounds what it learned in what the player reads now, for objects never seen in training', () => {
    const start = proposer.propose(context('Your task is to: put a pencil in drawer.', 'You see a desk 1, a drawer 1.', ['go to desk 1', 'go to drawer 1']));
    expect(start).toContain('locate and pick up pencil');
    const holding = proposer.propose(
      context('Your task is to: put a pencil in drawer.', 'You pick up the pencil 2 from the desk 1.', ['go to desk 1', 'go to drawer 1', 'examine pencil 2']),
    );
    // The place named in the task ranks before the other places in sight.
    expect(holding.indexOf('put pencil 2 in drawer 1')).toBeGreaterThanOrEqual(0);
    expect(holding.indexOf('put pencil 2 in drawer 1')).toBeLessThan(holding.indexOf('put pencil 2 in desk 1'));
  });

  it('keeps a subtask that names nothing in view as a constant, and never proposes past its limit', () => {
    expect(proposer.propose(context('Your task is to: put a cup in box.', 'You see a box 1.', ['go to box 1']))).toContain('navigate to(kitchen)');
    const narrow = SubtaskProposer.fromJSON(proposer.toJSON(), { maxProposals: 2, allocation: 'first-then-score', wrappersPerSlot: 32, phrasesPerSlot: 8 });
    expect(narrow.propose(context('Your task is to: put a cup in box.', 'You see a box 1.', ['go to box 1'])).length).toBeLessThanOrEqual(2);
  });

  it('round-trips through JSON to the same proposals', () => {
    const again = SubtaskProposer.fromJSON(JSON.parse(JSON.stringify(proposer.toJSON())));
    const ctx = context('Your task is to: put a pencil in drawer.', 'You see a desk 1, a drawer 1.', ['go to desk 1', 'go to drawer 1']);
    expect(again.propose(ctx)).toEqual(proposer.propose(ctx));
  });
});

/** The env plugin with its envs' `candidateSubtasks()` removed, or counted (`calls`). */
function withCandidates(plugin: EnvPlugin, mode: 'removed' | 'counted', calls = { n: 0 }): EnvPlugin {
  return {
    ...plugin,
    async create(episode, ctx) {
      const env = (await plugin.create(episode, ctx)) as Env;
      const wrapped: Env = {
        reset: () => env.reset(),
        step: (action) => env.step(action),
        validActions: () => env.validActions(),
        expert: () => env.expert!(),
      };
      if (mode === 'counted') {
        wrapped.candidateSubtasks = () => {
          calls.n++;
          return env.candidateSubtasks!();
        };
      }
      return wrapped;
    },
  };
}

const network = { hidden: 64, stateDim: 2048, candidateDim: 64 };
const bcOnly = { demonstrations: 64, validationFraction: 0.1, bc: { epochs: 10, batchSize: 16 }, rl: { epochs: 0 } };

describe('hierarchical agents on an env without candidate subtasks', () => {
  const noCandidates = withCandidates(toyHouse, 'removed');

  it.each([
    ['hrl', hrl],
    ['step-hrl', stepHrl],
  ] as const)(
    '%s trains on its own proposals and beats random on unseen objects',
    async (_name, plugin) => {
      const events: TrainingEvent[] = [];
      const agent = await createAgent(plugin as AgentPlugin, network, agentContext(4));
      await agent.train!(await trainingSource(noCandidates, agent, { settings: bcOnly, events }));
      const data = events.find((e) => e.phase === 'data')!;
      expect(data.subtaskCoverageValidation).toBeGreaterThan(0.9);
      const learned = summary(await evaluate(agent, noCandidates, 'unseen', { limit: 16 }));
      const baseline = summary(await evaluate(await createAgent(random as AgentPlugin, {}, agentContext(4)), noCandidates, 'unseen', { limit: 16 }));
      expect(learned.success).toBeGreaterThan(baseline.success + 0.3);
    },
    120_000,
  );
});

describe('candidate subtasks from the env', () => {
  const settings = { demonstrations: 12, validationFraction: 0.25, bc: { epochs: 1, batchSize: 16 }, rl: { epochs: 0 } };

  it('are never asked for by the built-in agents unless the suite asks (subtaskProposals: env)', async () => {
    const calls = { n: 0 };
    const counted = withCandidates(toyHouse, 'counted', calls);
    for (const plugin of [vanilla, hrl, stepHrl] as AgentPlugin[]) {
      const agent = await createAgent(plugin as AgentPlugin, network, agentContext(1));
      await agent.train!(await trainingSource(counted, agent, { settings }));
      await evaluate(agent, counted, 'seen', { limit: 2, stepLimit: 8 });
    }
    expect(calls.n).toBe(0);

    const asked = await createAgent(stepHrl as AgentPlugin, { ...network, subtaskProposals: 'env' }, agentContext(1));
    await asked.train!(await trainingSource(counted, asked, { settings }));
    await evaluate(asked, counted, 'seen', { limit: 2, stepLimit: 8 });
    expect(calls.n).toBeGreaterThan(0);
  }, 120_000);
});
