import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AgentPlugin, definePlugin, type EnvPlugin } from '../../harness/api.ts';
import { checkAgent } from '../../harness/check/agent.ts';
import { checkEnv } from '../../harness/check/env.ts';
import corridor from '../fixtures/plugins/corridor-env.ts';
import partial from '../fixtures/plugins/partial-corridor-env.ts';
import { fixture, harness, tempDir } from '../helpers.ts';

const options = { episodes: 4, failOn: [], hangOn: [], stepDelayMs: 0 };

/** The corridor with one defect switched on, to see that the check catches it. */
function broken(defect: 'nondeterministic' | 'throws-on-invalid' | 'bad-expert' | 'missing-candidate'): EnvPlugin {
  let counter = 0;
  return definePlugin({
    ...corridor,
    async create(episode, ctx) {
      const env = await corridor.create(episode, ctx);
      return {
        ...env,
        reset: async () => {
          const r = await env.reset();
          return defect === 'nondeterministic' ? { ...r, observation: `${r.observation} (${counter++})` } : r;
        },
        step: async (action) => {
          if (defect === 'throws-on-invalid' && action.startsWith('xyzzy')) throw new Error('unknown verb');
          return env.step(action);
        },
        expert: async () => {
          const plan = await env.expert!();
          return defect === 'bad-expert' ? { subtasks: [{ ...plan.subtasks[0], steps: plan.subtasks[0].steps.slice(1) }] } : plan;
        },
        candidateSubtasks: () => (defect === 'missing-candidate' ? ['walk west'] : env.candidateSubtasks!()),
      };
    },
  });
}

const failing = async (plugin: EnvPlugin) => (await checkEnv(plugin, { options, stepLimit: 50 })).filter((r) => !r.ok).map((r) => r.name.replace(/^\w+: /, ''));

describe('env conformance check', () => {
  it('passes a well-behaved env', async () => {
    expect(await failing(corridor)).toEqual([]);
  });

  it('catches nondeterministic text', async () => {
    expect(await failing(broken('nondeterministic'))).toContain('same episode, seed and actions give the same text');
  });

  it('catches an env that throws on an invalid action', async () => {
    expect(await failing(broken('throws-on-invalid'))).toContain('invalid actions get feedback, not an exception');
  });

  it('catches an expert that does not reach success', async () => {
    expect(await failing(broken('bad-expert'))).toContain('expert succeeds within 50 steps');
  });

  it('catches an expert subtask missing from the candidates', async () => {
    expect(await failing(broken('missing-candidate'))).toContain('each expert subtask is among the candidates at its start');
  });

  it('is a CLI command that exits 0 when all checks pass', () => {
    const { code, stdout } = harness(['check', fixture('corridor-env.ts')]);
    expect(stdout).toMatch(/^✓ shape of an env plugin — corridor 1\.0\.0$/m);
    expect(stdout).toMatch(/^All checks passed$/m);
    expect(code).toBe(0);
  });

  it('catches text that is random at some kinds of action, wherever they sit in the list', async () => {
    // Seven actions, so a walk that always took the same place in the list would never try "look".
    const flickering: EnvPlugin = {
      ...corridor,
      create: () => ({
        reset: () => ({ observation: 'A hall.', task: 'Wander.' }),
        validActions: () => ['look', 'go north', 'go south', 'go east', 'go west', 'wait', 'sing'],
        step: (action) => ({
          observation: action === 'look' ? `You see a lamp${Math.random() < 0.5 ? ' and a shadow' : ''}.` : 'You move.',
          reward: 0,
          score: 0,
          done: false,
          success: false,
        }),
      }),
    };
    const results = await checkEnv(flickering, { options, stepLimit: 50 });
    const determinism = results.filter((r) => r.name.endsWith('same episode, seed and actions give the same text'));
    expect(determinism.map((r) => r.ok)).toEqual([false, false, false]);
    expect(determinism[0].detail).toMatch(/the result of step \d+ \("look"\) differs between two plays/);
  });

  it('counts in words that agree with the number', async () => {
    const details = (await checkEnv(corridor, { options: { ...options, episodes: 1 }, stepLimit: 50 })).map((r) => r.detail);
    expect(details).toContain('1 episode');
    expect(details).toContain('1 episode, 3 random walks each');
    expect(details.join('\n')).not.toMatch(/\b1 episodes/);
  });

  it('checks the candidates only when the env offers some', async () => {
    const names = (await checkEnv(partial, { options: { episodes: 4, lacks: ['candidateSubtasks'] }, stepLimit: 50 })).map((r) => r.name);
    expect(names).toContain('seen: expert succeeds within 50 steps');
    expect(names.filter((n) => n.includes('candidates'))).toEqual([]);
  });

  it('says of an env without an expert what it lacks and which agents that rules out', () => {
    const { code, stdout } = harness(['check', fixture('partial-corridor-env.ts'), '--options', '{"lacks":["expert"]}']);
    expect(stdout).not.toMatch(/expert succeeds/);
    expect(stdout).toMatch(/^ {2}– an expert plan \(expert\(\)\): the env has no expert\(\); needed by .*oracle/m);
    expect(stdout).toMatch(/^ {2}✓ candidate subtasks/m);
    expect(stdout).toMatch(
      /^All checks passed, but it lacks an expert plan, subtask segmentation and progress labels: oracle cannot run on it; hrl, step-hrl and vanilla-rl cannot train on it$/m,
    );
    expect(code).toBe(0);
  });
});

describe('agent conformance check', () => {
  const env = { name: 'corridor', plugin: corridor as EnvPlugin, options };
  const agentThat = (act: AgentPlugin['create']): AgentPlugin =>
    definePlugin({ kind: 'agent', name: 'test-agent', version: '1', description: 'x', create: act });
  const play = (agent: AgentPlugin) => checkAgent(agent, {}, { env, episodes: 2, stepLimit: 10, stepTimeoutMs: 1000 });

  it('plays a few episodes and passes a well-behaved agent', async () => {
    const walker = agentThat(() => ({ reset() {}, act: () => ({ action: 'go east', calls: [] }) }));
    expect(await play(walker)).toEqual([
      { name: 'create() returns an agent with reset() and act()', ok: true, detail: 'no training' },
      { name: 'plays corridor (seen) untrained without an error', ok: true, detail: '2 episodes, 5 steps, 2 solved' },
    ]);
  });

  it('fails an agent whose act() throws, naming the episode', async () => {
    const thrower = agentThat(() => ({
      reset() {},
      act: () => {
        throw new Error('policy exploded');
      },
    }));
    expect((await play(thrower))[1]).toEqual({
      name: 'plays corridor (seen) untrained without an error',
      ok: false,
      detail: '2/2 episodes failed; first: seen-0 at step 1: agent.act: policy exploded',
    });
  });

  it('fails an agent whose decision is malformed', async () => {
    const sloppy = agentThat(() => ({ reset() {}, act: () => ({ action: 'go east' }) as never }));
    expect((await play(sloppy))[1].detail).toMatch(/agent\.act: act\(\) must return "calls"/);
  });

  it('fails an agent on an env that lacks what it needs', async () => {
    const needy = definePlugin({
      ...agentThat(() => ({ reset() {}, act: () => ({ action: 'wait', calls: [] }) })),
      requires: () => ['lookInventory' as const],
    });
    expect((await play(needy))[1]).toMatchObject({ ok: false, detail: expect.stringMatching(/the env lacks lookInventory/) });
  });

  it('is a CLI command that plays a built-in env and exits 1 when the agent fails', () => {
    const dir = tempDir();
    const file = join(dir, 'thrower.ts');
    writeFileSync(
      file,
      `export default { kind: 'agent', name: 'thrower', version: '1.0.0', description: 'Throws.', create: () => ({ reset() {}, act() { throw new Error('no idea'); } }) };\n`,
    );
    const { code, stdout } = harness(['check', file, '--episodes', '2']);
    expect(stdout).toMatch(/^✗ plays alfworld \(seen\) untrained without an error — 2\/2 episodes failed; first: .* at step 1: agent\.act: no idea$/m);
    expect(stdout).toMatch(/^1 check\(s\) failed$/m);
    expect(code).toBe(1);
  });
});
