import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AgentPlugin, definePlugin, type Env, type EnvCapability, type EnvPlugin } from '../../harness/api.ts';
import { agentsNeeding, probeEnv, ruledOut } from '../../harness/check/capabilities.ts';
import { checkSuite } from '../../harness/check/suite.ts';
import { loadPlugin } from '../../harness/plugins/load.ts';
import { validateOptions } from '../../harness/schema/compile.ts';
import { loadSuite } from '../../harness/spec/load.ts';
import corridor from '../fixtures/plugins/corridor-env.ts';
import partial from '../fixtures/plugins/partial-corridor-env.ts';
import { fixture, repoRoot, tempDir, writeSuite } from '../helpers.ts';

const at = { split: 'train', seed: 1, timeoutMs: 2000 };
const corridorOptions = { episodes: 2, failOn: [], hangOn: [], stepDelayMs: 0 };
const lacking = (...lacks: string[]) => probeEnv(partial, { episodes: 2, lacks }, at);

describe('env capabilities, probed from one episode', () => {
  it('are what the env provides', async () => {
    const probe = await probeEnv(corridor, corridorOptions, at);
    expect(probe).toMatchObject({ split: 'train', episode: 'train-0' });
    expect(probe.offered).toEqual(['expert', 'subtasks', 'progressLabels', 'progressFraction', 'candidateSubtasks']);
    expect(probe.missing).toEqual({ lookInventory: 'reset() and step() give no info.look or info.inventory' });
  });

  it('miss the expert, its subtasks and labels when there is no expert()', async () => {
    const probe = await lacking('expert');
    expect(probe.offered).toEqual(['progressFraction', 'candidateSubtasks']);
    expect(probe.missing.expert).toBe('the env has no expert()');
    expect(probe.missing.subtasks).toBe('no expert plan');
  });

  it('tell subtask texts and progress labels apart from the expert itself', async () => {
    expect((await lacking('subtasks')).missing).toMatchObject({ subtasks: "1 of the plan's 1 subtask(s) have no text" });
    expect((await lacking('subtasks')).offered).toContain('progressLabels');
    expect((await lacking('progressLabels')).missing).toMatchObject({ progressLabels: expect.stringMatching(/step\(s\) have no progress label/) });
    expect((await lacking('candidateSubtasks')).missing).toMatchObject({ candidateSubtasks: 'the env has no candidateSubtasks()' });
  });

  it('count an expert() that throws as no expert, not as a broken env', async () => {
    const throwing: EnvPlugin = {
      ...corridor,
      async create(episode, ctx) {
        const env = await corridor.create(episode, ctx);
        return {
          ...env,
          expert: () => {
            throw new Error('no planner for this layout');
          },
        };
      },
    };
    const probe = await probeEnv(throwing, corridorOptions, at);
    expect(probe.missing.expert).toBe('expert() threw: no planner for this layout');
  });

  it('give up on an env that hangs, within the time allowed', async () => {
    const hanging: EnvPlugin = { ...corridor, create: () => new Promise<Env>(() => {}) };
    const started = Date.now();
    await expect(probeEnv(hanging, corridorOptions, { ...at, timeoutMs: 200 })).rejects.toThrow(/create\(\) took longer than 200 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("the built-in agents' needs", () => {
  const agent = async (name: string) => (await loadPlugin('agent', name, repoRoot)).plugin;
  // As the harness asks: with the options validated, defaults filled in.
  const needs = async (name: string, options: Record<string, unknown>, trains: boolean): Promise<EnvCapability[]> => {
    const plugin = await agent(name);
    return plugin.requires?.(validateOptions(plugin.optionsSchema, options), { trains }) ?? [];
  };

  it('follow from their options and from whether they train', async () => {
    expect(await needs('random', {}, true)).toEqual([]);
    expect(await needs('llm', { strategy: 'step-hrl', baseURL: 'http://127.0.0.1:8000/v1', model: 'm' }, false)).toEqual([]);
    expect(await needs('oracle', {}, false)).toEqual(['expert']);
    expect(await needs('vanilla-rl', {}, true)).toEqual(['expert']);
    expect(await needs('vanilla-rl', {}, false)).toEqual([]);
    expect(await needs('hrl', {}, true)).toEqual(['expert', 'subtasks']);
    expect(await needs('hrl', {}, false)).toEqual([]);
    expect(await needs('step-hrl', { localProgress: true, hierarchy: true }, true)).toEqual(['expert', 'subtasks', 'progressLabels']);
    expect(await needs('step-hrl', { localProgress: false, hierarchy: true }, true)).toEqual(['expert', 'subtasks']);
    expect(await needs('step-hrl', { localProgress: true, hierarchy: false }, true)).toEqual(['expert', 'progressLabels']);
  });

  it("include the env's candidate subtasks when the high level is to choose among them", async () => {
    expect(await needs('hrl', { subtaskProposals: 'env' }, false)).toEqual(['candidateSubtasks']);
    expect(await needs('hrl', { subtaskProposals: 'own' }, true)).not.toContain('candidateSubtasks');
    expect(await needs('step-hrl', { subtaskProposals: 'env' }, true)).toContain('candidateSubtasks');
    expect(await needs('step-hrl', { subtaskProposals: 'env', hierarchy: false }, true)).not.toContain('candidateSubtasks');
  });

  it('say which agents a missing capability rules out, and when', async () => {
    const agents = await Promise.all(['oracle', 'random', 'step-hrl', 'vanilla-rl'].map(agent));
    expect(agentsNeeding('expert', agents)).toEqual(['oracle', 'step-hrl (to train)', 'vanilla-rl (to train)']);
    expect(agentsNeeding('progressLabels', agents)).toEqual(['step-hrl (to train)']);
    expect(ruledOut(['expert', 'subtasks', 'progressLabels'], agents)).toBe('oracle cannot run on it; step-hrl and vanilla-rl cannot train on it');
  });

  it('include needs that one option brings', () => {
    const picky: AgentPlugin = definePlugin({
      kind: 'agent',
      name: 'picky',
      version: '1',
      description: 'x',
      optionsSchema: { type: 'object', properties: { roomAware: { type: 'boolean', default: false } } },
      requires: (options: { roomAware: boolean }) => (options.roomAware ? ['lookInventory'] : []),
      create: () => ({ reset() {}, act: () => ({ action: 'wait', calls: [] }) }),
    });
    expect(agentsNeeding('lookInventory', [picky])).toEqual(['picky (with roomAware: true)']);
  });
});

describe('a suite whose agents need what its env lacks', () => {
  async function findings(lacks: string[], agents: string[]) {
    const file = writeSuite(
      tempDir(),
      [
        'name: needs',
        'envs:',
        `  - use: ${fixture('partial-corridor-env.ts')}`,
        `    options: { lacks: [${lacks.join(', ')}] }`,
        '    splits: { train: {}, seen: {} }',
        'agents:',
        ...agents,
      ].join('\n'),
    );
    const { problems } = await checkSuite(await loadSuite(file));
    return problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
  }

  it('is refused at each agent that needs it', async () => {
    const problems = await findings(['expert'], ['  - random', '  - oracle', '  - use: hrl', '    train: false', '  - vanilla-rl']);
    expect(problems).toEqual([
      '8:5: agent "oracle" needs an expert plan (expert()), which env "partial-corridor-env" does not offer (the env has no expert())',
      expect.stringMatching(
        /^11:5: agent "vanilla-rl" needs an expert plan \(expert\(\)\), which env "partial-corridor-env" does not offer \(the env has no expert\(\)\); it needs it only to train/,
      ),
    ]);
  });

  it('checks the needs that come from options', async () => {
    const withLabels = await findings(['progressLabels'], ['  - use: step-hrl']);
    expect(withLabels).toEqual([
      expect.stringMatching(/^7:5: agent "step-hrl" needs progress labels .*\(\d+ of the plan's \d+ step\(s\) have no progress label\)/),
    ]);
    expect(await findings(['progressLabels'], ['  - use: step-hrl', '    options: { localProgress: false }'])).toEqual([]);
    expect(await findings(['subtasks'], ['  - use: hrl'])).toEqual([expect.stringMatching(/^7:5: agent "hrl" needs subtask segmentation/)]);
    expect(await findings(['subtasks', 'candidateSubtasks'], ['  - use: vanilla-rl'])).toEqual([]);
  });
});

describe('the checks of a suite before a run', () => {
  /** An env that cannot even start an episode (its server is down, say). */
  const unreachable = (dir: string) => {
    const file = join(dir, 'unreachable.ts');
    writeFileSync(
      file,
      `import corridor from '${fixture('corridor-env.ts')}';\nexport default { ...corridor, name: 'unreachable', create: () => { throw new Error('connection refused'); } };\n`,
    );
    return file;
  };
  const check = async (dir: string, lines: string[]) => checkSuite(await loadSuite(writeSuite(dir, ['name: s', ...lines].join('\n'))));

  it('probe an env only when an agent needs something of it, and only warn when the probe fails', async () => {
    const dir = tempDir();
    const env = ['envs:', `  - use: ${unreachable(dir)}`, '    splits: { train: {}, seen: {} }'];
    expect(await check(dir, [...env, 'agents: [random]'])).toEqual({ problems: [], warnings: [] });
    const { problems, warnings } = await check(dir, [...env, 'agents: [oracle]']);
    expect(problems).toEqual([]);
    expect(warnings.map((w) => `${w.line}:${w.col}: ${w.message}`)).toEqual([
      '3:5: env "unreachable": its capabilities are unknown (probing train failed: connection refused); agents\' needs were not checked against it',
    ]);
  });

  it('warn of a training-split limit only when an agent learns from that split', async () => {
    const dir = tempDir();
    const env = ['envs:', `  - use: ${fixture('corridor-env.ts')}`, '    splits: { train: { limit: 1 }, seen: {} }'];
    expect((await check(dir, [...env, 'agents: [random, oracle]'])).warnings).toEqual([]);
    const { warnings } = await check(dir, [...env, 'agents: [vanilla-rl]']);
    expect(warnings.map((w) => w.message)).toEqual([
      'limit 1 covers 1 of the 2 task types of env "corridor-env" split "train"; it leaves out short (a limit of 2 or more covers every type)',
    ]);
  });
});
