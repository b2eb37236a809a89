/**
 * `harness export <suite>`: the expert demonstrations of one split of every env (the training split by
 * default), replayed one episode at a time through the episode loop and written as they come —
 *   <env>/reference.jsonl        the reference code's per-episode records (`reference.ts`)
 *   <env>/<agent>/chat.jsonl     every policy call of the agent imitating the expert, as chat messages (`chat.ts`)
 *   <env>/<agent>/rl.jsonl       level transitions with the paper's rewards (`transitions.ts`)
 * for each agent of the suite that can imitate (`Agent.imitate`). As the reference code's dataset check asks,
 * only demonstrations that end in success are kept; the manifest says which were left out and why.
 */
import type { Agent, EpisodeSpec, ImitatedCall } from '../api.ts';
import type { RecordedDemonstration } from '../learn/episodes.ts';
import { yieldEvery } from '../learn/trainer-hooks.ts';
import { createAgent, identityOf } from '../runner/create-agent.ts';
import { type AgentUnit, planRun } from '../runner/plan.ts';
import { withTimeout } from '../runner/timeout.ts';
import type { LoadedSuite } from '../spec/load.ts';
import type { SplitEntry } from '../spec/types.ts';
import { TokenCounter } from '../tokens/counter.ts';
import { tokenizer } from '../tokens/tokenizers.ts';
import { chatLine } from './chat.ts';
import { type ExpertEpisode, exclusionReason, recordExpertEpisode } from './expert.ts';
import {
  EXPORT_FORMATS,
  EXPORT_LAYOUT,
  type ExportFormat,
  ExportInputError,
  type ExportOptions,
  type ExportOutcome,
  type Failure,
  messageOf,
} from './export.ts';
import { ExportFolder } from './output.ts';
import { referenceRecord } from './reference.ts';
import { demonstrationSteps, loggedEpisode, rlLines } from './transitions.ts';

interface EnvPlan {
  /** The env's agent units, one per agent of the suite (the first gives the env's plugin and options). */
  units: AgentUnit[];
  unit: AgentUnit;
  split: SplitEntry;
  episodes: AgentUnit['train']['episodes'];
  stepLimit: number;
  /** The agents of this env that can imitate, in suite order. */
  imitators: { id: string; agent: Agent }[];
  /** Agents of the suite that cannot. */
  others: string[];
}

export async function exportSuite(loaded: LoadedSuite, options: ExportOptions): Promise<ExportOutcome> {
  const formats = options.formats ?? [...EXPORT_FORMATS];
  const seed = options.seed ?? loaded.spec.seeds[0];
  const plans = await planEnvs(loaded, options.split, seed, options.stepLimit);
  const failures: Failure[] = [];
  try {
    if (formats.includes('chat') || formats.includes('rl')) {
      const counter = new TokenCounter(tokenizer(loaded.spec.tokenizer));
      for (const plan of plans) await createImitators(plan, counter, failures);
      if (plans.every((p) => p.imitators.length === 0)) {
        const others = [...new Set(plans.flatMap((p) => p.others))].join(', ');
        throw new ExportInputError(
          `no agent of ${loaded.file} can imitate a demonstration (${others}): the chat and rl formats need one, e.g. vanilla-rl, hrl, step-hrl or llm`,
        );
      }
    }
    const folder = ExportFolder.create(options.out);
    const run: SuiteExport = { folder, formats, seed, timeoutMs: loaded.spec.stepTimeoutMs, failures, options, yieldTurn: yieldEvery(1) };
    try {
      const envs: EnvReport[] = [];
      for (const plan of plans) {
        const report = await exportEnv(plan, run);
        if (report === null) {
          options.progress.stop();
          folder.abandon();
          return { dir: folder.dir, files: {}, failures: failures.length, skipped: 0, interrupted: true };
        }
        envs.push(report);
      }
      options.progress.stop();
      const files = folder.sizes();
      folder.finish({
        format: EXPORT_LAYOUT,
        harness: options.version,
        source: { suite: loaded.file, suiteHash: loaded.hash },
        split: options.split,
        seed,
        tokenizer: loaded.spec.tokenizer,
        formats,
        envs,
        failures,
        files,
      });
      const skipped = envs.reduce((n, e) => n + e.skipped.length, 0);
      return { dir: folder.dir, files, failures: failures.length, skipped, interrupted: false };
    } catch (error) {
      options.progress.stop();
      folder.abandon();
      throw error;
    }
  } finally {
    for (const plan of plans) for (const { agent } of plan.imitators) await agent.dispose?.();
  }
}

/** What every env of a suite export shares. */
interface SuiteExport {
  folder: ExportFolder;
  formats: ExportFormat[];
  seed: number;
  /** Allowed for each of: creating an env, playing one expert episode, one agent's imitation of it. */
  timeoutMs: number;
  failures: Failure[];
  options: ExportOptions;
  yieldTurn: () => Promise<void>;
}

interface EnvReport {
  id: string;
  plugin: string;
  version: string;
  split: string;
  envSplit: string;
  stepLimit: number;
  episodes: number;
  exported: number;
  steps: number;
  skipped: { episode: string; reason: string }[];
  agents: string[];
  agentsThatCannotImitate: string[];
}

/** Exports one env's episodes, one at a time; null when the export was interrupted. */
async function exportEnv(plan: EnvPlan, run: SuiteExport): Promise<EnvReport | null> {
  const { unit } = plan;
  const envId = unit.env.id;
  const { progress, signal } = run.options;
  const bar = `${envId}:${plan.split.name}`;
  progress.begin(bar, `${envId} ${plan.split.name}`, plan.episodes.length);
  const skipped: EnvReport['skipped'] = [];
  let kept = 0;
  let steps = 0;
  for (const [i, episode] of plan.episodes.entries()) {
    // Plugins may answer synchronously: without a turn of the event loop, Ctrl-C would wait for the whole env.
    await run.yieldTurn();
    if (signal?.aborted) return null;
    let expert: ExpertEpisode;
    try {
      expert = await playExpert(plan, episode, run);
    } catch (error) {
      run.failures.push({ env: envId, episode: episode.id, error: messageOf(error) });
      continue;
    }
    const reason = exclusionReason(expert, plan.stepLimit);
    if (reason) skipped.push({ episode: episode.id, reason });
    else {
      kept++;
      steps += expert.demonstration.steps.length;
      if (run.formats.includes('reference')) run.folder.file(`${envId}/reference.jsonl`).write(referenceRecord(expert));
      for (const { id, agent } of plan.imitators) {
        try {
          const calls = await withTimeout(agent.imitate!(expert.demonstration), run.timeoutMs, 'agent.imitate');
          writeImitation(run, `${envId}/${id}`, expert.demonstration, calls);
        } catch (error) {
          run.failures.push({ env: envId, episode: episode.id, agent: id, error: messageOf(error) });
        }
      }
    }
    progress.update(bar, i + 1, undefined, `${kept} kept`);
  }
  progress.end(bar, `${kept} of ${plan.episodes.length} kept, ${steps} steps`);
  return {
    id: envId,
    plugin: unit.envPlugin.plugin.name,
    version: unit.envPlugin.plugin.version,
    split: plan.split.name,
    envSplit: plan.split.split,
    stepLimit: plan.stepLimit,
    episodes: plan.episodes.length,
    exported: kept,
    steps,
    skipped,
    agents: plan.imitators.map((a) => a.id),
    agentsThatCannotImitate: plan.others,
  };
}

/** Creates the episode's env, plays its expert plan and closes it. */
async function playExpert(plan: EnvPlan, episode: EpisodeSpec, run: SuiteExport): Promise<ExpertEpisode> {
  const { plugin } = plan.unit.envPlugin;
  const env = await withTimeout(plugin.create(episode, { options: plan.unit.env.options, seed: run.seed }), run.timeoutMs, 'env.create');
  try {
    return await withTimeout(recordExpertEpisode(env, episode, plan.stepLimit), run.timeoutMs, 'the expert episode');
  } finally {
    await env.close?.();
  }
}

/** An agent's imitation of one demonstration, in the chat and rl formats, written only once it is whole. */
function writeImitation(run: SuiteExport, dir: string, demo: RecordedDemonstration, calls: ImitatedCall[][]): void {
  if (run.formats.includes('chat')) {
    const chat = run.folder.file(`${dir}/chat.jsonl`);
    for (const call of calls.flat()) chat.write(chatLine(call));
  }
  if (run.formats.includes('rl')) {
    const logged = loggedEpisode(demo.episode.id, demonstrationSteps(demo, calls), { success: demo.success, score: demo.score, truncated: demo.truncated });
    const rl = run.folder.file(`${dir}/rl.jsonl`);
    for (const line of rlLines(logged)) rl.write(line);
  }
}

/** Each env's episodes of the split, with the first agent unit of the env (for its plugins and options). */
async function planEnvs(loaded: LoadedSuite, split: string, seed: number, stepLimit: number | undefined): Promise<EnvPlan[]> {
  let units: AgentUnit[];
  try {
    units = await planRun({ ...loaded, spec: { ...loaded.spec, seeds: [seed] } });
  } catch (error) {
    // An env that cannot list its episodes: nothing can be exported.
    throw new ExportInputError(`${loaded.file}: ${messageOf(error)}`);
  }
  const plans: EnvPlan[] = [];
  for (const env of loaded.spec.envs) {
    const ofEnv = units.filter((u) => u.env.id === env.id);
    const first = ofEnv[0];
    const chosen = split === env.train.name ? first.train : first.evals.find((e) => e.split.name === split);
    if (!chosen) {
      const names = [env.train.name, ...env.eval.map((s) => s.name)].join(', ');
      throw new ExportInputError(`${loaded.file}: env "${env.id}" has no split "${split}" (its splits: ${names})`);
    }
    plans.push({ units: ofEnv, unit: first, split: chosen.split, episodes: chosen.episodes, stepLimit: stepLimit ?? env.stepLimit, imitators: [], others: [] });
  }
  return plans;
}

/**
 * Creates each agent of an env, untrained and told not to call any model server (its prompts do not depend on
 * training), and keeps those that can imitate.
 */
async function createImitators(plan: EnvPlan, counter: TokenCounter, failures: Failure[]): Promise<void> {
  for (const unit of plan.units) {
    let agent: Agent;
    try {
      agent = await createAgent(identityOf(unit), counter, () => {}, true);
    } catch (error) {
      failures.push({ env: unit.env.id, episode: '*', agent: unit.agent.id, error: `agent could not be created: ${messageOf(error)}` });
      continue;
    }
    if (typeof agent.imitate === 'function') plan.imitators.push({ id: unit.agent.id, agent });
    else {
      plan.others.push(unit.agent.id);
      await agent.dispose?.();
    }
  }
}
