import type { Decision, StepRecord } from '../api.ts';
import { createAgent, identityOf } from '../runner/create-agent.ts';
import { runEpisode } from '../runner/episode.ts';
import { planRun, type Selection } from '../runner/plan.ts';
import type { LoadedSuite } from '../spec/load.ts';
import { TokenCounter } from '../tokens/counter.ts';
import { tokenizer } from '../tokens/tokenizers.ts';

/**
 * `harness run --dry-run [--steps n]`: for each env × agent, the first episode of the first evaluation split,
 * with the agent untrained and told it is a dry run (no model server is called), printing every policy call's
 * exact prompt, its completion and the harness's token count, then the episode's outcome. `--steps n` stops
 * each episode after n steps. Nothing is written.
 */
export async function dryRun(loaded: LoadedSuite, selection: Selection & { steps?: number }): Promise<void> {
  const counter = new TokenCounter(tokenizer(loaded.spec.tokenizer));
  const units = (await planRun(loaded, { ...selection, limit: 1 })).filter((u) => u.seed === loaded.spec.seeds[0]);
  for (const unit of units) {
    const first = unit.evals.find((e) => e.episodes.length > 0);
    if (!first) continue;
    const episode = first.episodes[0];
    console.log(`\n═══ ${unit.agent.id} on ${unit.env.id} · ${first.split.name} · ${episode.id} (untrained, dry run) ═══`);
    const agent = await createAgent(identityOf(unit), counter, () => {}, true);
    const record = await runEpisode(
      { env: unit.env.id, split: first.split.name, episode, seed: unit.seed, agent: unit.agent.id },
      {
        envPlugin: unit.envPlugin.plugin,
        envOptions: unit.env.options,
        agent,
        privileged: unit.agentPlugin.plugin.privileged ?? false,
        counter,
        stepLimit: Math.min(unit.env.stepLimit, selection.steps ?? Infinity),
        stepTimeoutMs: loaded.spec.stepTimeoutMs,
        onDecision: printDecision,
      },
    );
    await agent.dispose?.();
    const cut = selection.steps !== undefined && record.end === 'step-limit' && record.steps === selection.steps && selection.steps < unit.env.stepLimit;
    const end = cut ? `stopped by --steps ${selection.steps}` : record.end === 'step-limit' ? `step limit (${unit.env.stepLimit})` : record.end;
    console.log(
      `─── ${record.steps} step${record.steps === 1 ? '' : 's'}, ${record.tokens.total} tokens · outcome: ${record.success ? 'success' : 'no success'}, score ${record.score}, ended: ${end}${record.error ? `; error: ${record.error}` : ''}`,
    );
  }
}

function printDecision(step: number, decision: Decision, tokens: StepRecord['tokens']): void {
  if (decision.calls.length === 0) {
    console.log(`── step ${step}: ${decision.action} (no policy call)`);
    return;
  }
  for (const call of decision.calls) {
    const counts = tokens.byRole[call.role];
    console.log(`── step ${step} · ${call.role} · ${counts ? `${counts.prompt} + ${counts.completion} tokens` : ''}`);
    console.log(typeof call.prompt === 'string' ? call.prompt : call.prompt.join(''));
    console.log(`→ ${call.completion}`);
  }
}
