/** Runs agents in this process against the corridor fixture, for tests that need the calls themselves. */
import { spawn } from 'node:child_process';
import type { AgentContext, Decision, EpisodeSpec } from '../../../harness/api.ts';
import { createLlmAgent } from '../../../plugins/agents/llm/index.ts';
import type { LlmOptions } from '../../../plugins/agents/llm/options.ts';
import corridor from '../../fixtures/plugins/corridor-env.ts';
import { bin, repoRoot } from '../../helpers.ts';

export const countWords = (text: string) => text.match(/\S+/g)?.length ?? 0;

export function agentContext(extra: Partial<AgentContext> = {}): AgentContext {
  return { seed: 1, env: 'corridor', agent: 'llm', envPlugin: 'corridor', countTokens: countWords, recordRuntime: () => {}, ...extra };
}

/** One corridor episode (3 + variation % 4 rooms) with an `llm` agent; returns every decision and step. */
export async function driveEpisode(options: Partial<LlmOptions> & { model: string }, variation = 0, ctx = agentContext(), stepLimit = 12) {
  const spec: EpisodeSpec = { id: `seen-${variation}`, task: 'long', variation };
  const envContext = { options: { episodes: 1, failOn: [], hangOn: [], stepDelayMs: 0 }, seed: 1 };
  const env = await corridor.create(spec, envContext);
  const agent = createLlmAgent(options as LlmOptions, ctx);
  const start = await env.reset();
  await agent.reset({ env: 'corridor', split: 'seen', episode: spec, seed: 42 });
  const decisions: Decision[] = [];
  const steps = [];
  let observation = start.observation;
  for (let step = 0; step < stepLimit; step++) {
    const validActions = await env.validActions();
    const decision = await agent.act({ step, task: start.task, observation, validActions, candidateSubtasks: async () => env.candidateSubtasks!() });
    decisions.push(decision);
    const result = await env.step(decision.action);
    steps.push(result);
    observation = result.observation;
    if (result.done) break;
  }
  await agent.dispose?.();
  return { decisions, steps };
}

/**
 * Runs the harness CLI without blocking this process (the scripted server lives here and must keep
 * answering), with extra environment variables.
 */
export function runHarness(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
