/**
 * Coverage of the agents' own subtask proposals (`plugins/agents/common/subtask-proposals.ts`): the share of
 * expert subtasks among the proposals where each starts. The proposer learns from the expert segmentations
 * of a sample of the training split, with a quarter of the sample held out.
 *
 * 1. Selection, on the held-out slice of the training split only: coverage and proposals per decision for
 *    each allocation × limit. The rule: the fewest proposals whose coverage is within one point of the grid's
 *    best, then the highest coverage among those. The proposer's defaults are what the rule chose on
 *    ScienceWorld, whose lists the limit binds (ALFWorld's never reach it).
 * 2. Report, with the defaults: coverage on the held-out slice and on each evaluation split (replaying the
 *    expert), beside the size of the env's own candidate lists.
 *
 *   npx tsx bench/subtask-proposals.ts [--demos 1000] [--envs alfworld,scienceworld]
 */
import { createRng, type EnvPlugin, type EpisodeSpec, hashSeed } from '../harness/api.ts';
import { recordDemonstration } from '../harness/learn/episodes.ts';
import { formatObservation, observationText } from '../plugins/agents/common/prompts.ts';
import { defaultProposerLimits, type ProposalContext, SubtaskProposer } from '../plugins/agents/common/subtask-proposals.ts';
import alfworld from '../plugins/envs/alfworld/index.ts';
import scienceworld from '../plugins/envs/scienceworld/index.ts';

const flag = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const demos = Number(flag('demos') ?? 1000);
const envs = (flag('envs') ?? 'alfworld,scienceworld').split(',');
const grid = (['first-then-score', 'turns', 'score'] as const).flatMap((allocation) =>
  [64, 96, 128, 192].map((maxProposals) => ({ allocation, maxProposals })),
);

const plugins: Record<string, { plugin: EnvPlugin; options: Record<string, unknown>; seen: string; unseen: string }> = {
  alfworld: { plugin: alfworld, options: {}, seen: 'seen', unseen: 'unseen' },
  scienceworld: { plugin: scienceworld, options: { tasks: 'paper', evalVariationsPerTask: 10 }, seen: 'dev', unseen: 'test' },
};

interface Start {
  context: ProposalContext;
  subtask: string;
  envCandidates: number;
}

/** What the player read at each expert subtask's start, replaying the expert. */
async function starts(name: string, episodes: EpisodeSpec[]): Promise<Start[]> {
  const { plugin, options } = plugins[name];
  const out: Start[] = [];
  for (const episode of episodes) {
    const env = await plugin.create(episode, { options, seed: 1 });
    const demo = await recordDemonstration(env, episode, 50, { candidates: true });
    await env.close?.();
    for (const step of demo.steps) {
      if (!step.firstInSubtask) continue;
      const observation = formatObservation(observationText(step.observation, step.info as { look?: string; inventory?: string }));
      out.push({
        context: { task: demo.task, observation, validActions: step.validActions },
        subtask: step.subtask,
        envCandidates: step.candidateSubtasks?.length ?? 0,
      });
    }
  }
  return out;
}

function measure(proposer: SubtaskProposer, list: Start[]) {
  let covered = 0;
  let proposals = 0;
  let envCandidates = 0;
  const missed = new Map<string, number>();
  for (const s of list) {
    const proposed = proposer.propose(s.context);
    proposals += proposed.length;
    envCandidates += s.envCandidates;
    if (proposed.includes(s.subtask)) covered++;
    else {
      const kind = s.subtask.replace(/\(.*|\s.*$/, '');
      missed.set(kind, (missed.get(kind) ?? 0) + 1);
    }
  }
  const n = Math.max(1, list.length);
  return { decisions: list.length, coverage: covered / n, proposals: proposals / n, envCandidates: envCandidates / n, missed };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
for (const name of envs) {
  const { plugin, options, seen, unseen } = plugins[name];
  const train = createRng(hashSeed('subtask-proposals', name)).shuffle([...(await plugin.episodes('train', options))]);
  const pool = train.slice(0, demos);
  const heldOut = pool.slice(0, Math.floor(pool.length / 4));
  const learned = SubtaskProposer.learn(await starts(name, pool.slice(heldOut.length))).toJSON();
  const held = await starts(name, heldOut);
  console.log(
    `\n${name}: ${learned.templates.length} templates from ${pool.length - heldOut.length} training demonstrations; ${held.length} decisions held out`,
  );
  console.log('  selection on the held-out slice of the training split:');
  const results = grid.map((limits) => ({ limits, ...measure(SubtaskProposer.fromJSON(learned, { ...defaultProposerLimits, ...limits }), held) }));
  const best = Math.max(...results.map((r) => r.coverage));
  const rule = results.filter((r) => r.coverage >= best - 0.01).sort((a, b) => a.proposals - b.proposals || b.coverage - a.coverage)[0];
  for (const r of results) {
    const marks = [
      r === rule ? 'chosen by the rule' : '',
      r.limits.allocation === defaultProposerLimits.allocation && r.limits.maxProposals === defaultProposerLimits.maxProposals ? 'the default' : '',
    ].filter(Boolean);
    console.log(
      `    ${r.limits.allocation.padEnd(17)} max ${String(r.limits.maxProposals).padStart(3)}: coverage ${pct(r.coverage).padStart(6)}, ${r.proposals.toFixed(1).padStart(5)} per decision${marks.length ? `  ← ${marks.join(', ')}` : ''}`,
    );
  }
  const proposer = SubtaskProposer.fromJSON(learned);
  console.log(`  with the defaults (${defaultProposerLimits.allocation}, max ${defaultProposerLimits.maxProposals}):`);
  for (const [label, list] of [
    ['train, held out', held],
    ['seen', await starts(name, await plugin.episodes(seen, options))],
    ['unseen', await starts(name, await plugin.episodes(unseen, options))],
  ] as const) {
    const t0 = performance.now();
    const m = measure(proposer, list);
    const ms = (performance.now() - t0) / Math.max(1, list.length);
    const worst = [...m.missed]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(
      `    ${label.padEnd(16)} ${String(m.decisions).padStart(5)} decisions: coverage ${pct(m.coverage).padStart(6)}, ${m.proposals.toFixed(1)} proposals per decision (the env's lists: ${m.envCandidates.toFixed(1)}), ${ms.toFixed(1)} ms each; missed most: ${worst || 'none'}`,
    );
  }
}
