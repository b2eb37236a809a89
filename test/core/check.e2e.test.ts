import { describe, expect, it } from 'vitest';
import { definePlugin, type EnvPlugin } from '../../harness/api.ts';
import { checkEnv } from '../../harness/check/env.ts';
import corridor from '../fixtures/plugins/corridor-env.ts';
import { fixture, harness } from '../helpers.ts';

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
    expect(stdout).toMatch(/All checks passed/);
    expect(code).toBe(0);
  });
});
