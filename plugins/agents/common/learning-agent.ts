/**
 * The agent shell shared by vanilla-rl, hrl and step-hrl: one candidate-scoring network serving all of an
 * agent's policies (as one LLM serves the paper's three prompts), a controller that decides what each policy
 * sees, and the training pipeline:
 *
 *   1. replay the expert demonstrations of the training split (a validation slice is held out);
 *   2. teacher-force them through the agent's own controller, so imitation data uses the exact prompts
 *      the agent will build at evaluation;
 *   3. behaviour cloning per level;
 *   4. rollouts of the cloned policy at temperature 1 on training episodes;
 *   5. offline RL per level on demonstrations + rollouts, with the paper's level rewards;
 *   6. keep BC or BC + RL, whichever does better on the validation episodes.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FromSchema } from 'json-schema-to-ts';
import {
  type Agent,
  type AgentContext,
  type CollectRequest,
  createRng,
  type Decision,
  type Env,
  type EpisodeSpec,
  type EpisodeStart,
  hashSeed,
  type ImitatedCall,
  type ImitationDemonstration,
  type PolicyCall,
  type StepView,
  type TrainingSource,
} from '../../../harness/api.ts';
import {
  assignWeights,
  backendFacts,
  CandidatePolicy,
  type Chooser,
  collectEpisode,
  initBackend,
  type LevelRole,
  type LevelSamples,
  type LoggedEpisode,
  levelTransitions,
  loadWeights,
  mean,
  networkChooser,
  type PolicyDecision,
  type PolicyNetworkConfig,
  type RecordedDemonstration,
  type RlLevel,
  recordDemonstration,
  recordingChooser,
  SampleEncoder,
  saveWeights,
  Texts,
  type TrainerHooks,
  teacherChooser,
  tf,
  trainBehaviourCloning,
  trainOfflineRL,
  yieldEvery,
} from '../../../harness/learn/index.ts';
import type { Controller } from './controller.ts';
import { demonstrationView, expertAnswer, type Teacher } from './imitation.ts';
import { type EpisodeSummary, keepsOfflineRl, type ValidationResult, validationResult } from './model-selection.ts';
import type { SubtaskSource } from './subtask-source.ts';
import { type AgentTrainSettings, type TrainBlock, withProfile } from './train-settings.ts';

/** How one of an agent's policies learns: its level reward (the paper's, `harness/learn/episodes.ts`) and its teacher. */
export interface RoleSpec extends LevelRole {
  /** What a demonstration says this policy should choose. */
  teacher: Teacher;
}

export interface AgentDefinition {
  name: string;
  version: string;
  roles: RoleSpec[];
  createController(): Controller;
  /** Where a high level's candidate subtasks come from (hierarchical agents). */
  subtasks?: SubtaskSource;
  /**
   * Learns whatever the controller needs from the training demonstrations before the imitation data is
   * built (e.g. progress templates); `teacherForce` runs a demonstration through a fresh controller.
   */
  prepare?(demos: RecordedDemonstration[], teacherForce: (demo: RecordedDemonstration) => Promise<LoggedEpisode>): Promise<Record<string, number>>;
  /** The text a teacher chooses for a progress label (e.g. bounded in tokens). */
  teacherProgress?(label: string): string;
  /** Extra state saved with the weights (e.g. learned progress templates). */
  saveState?(): unknown;
  loadState?(state: unknown): void;
}

/**
 * The network options every learned agent shares. Each agent's options schema is the one declaration of its
 * options: their types are derived from it (`FromSchema`) and their defaults are filled by the harness's
 * validator before `create()` sees them.
 */
export const networkOptionsSchema = {
  hidden: { type: 'integer', minimum: 8, default: 128, description: 'Hidden width of the policy network (same for every agent by default).' },
  stateDim: { type: 'integer', minimum: 64, default: 8192, description: 'Hashed feature width of a prompt.' },
  candidateDim: { type: 'integer', minimum: 16, default: 256, description: "Width of a candidate's fixed random embedding." },
} as const;

export type NetworkOptions = FromSchema<{ type: 'object'; properties: typeof networkOptionsSchema }>;

/** The history-conditioned agents' ablation: how much history their prompts keep. */
export const historyWindowSchema = {
  historyWindow: {
    type: 'integer',
    minimum: 0,
    default: 0,
    description: 'Keep only the last N steps of history in prompts (0 keeps all, as the paper).',
  },
} as const;

export function networkConfig(options: NetworkOptions): Partial<PolicyNetworkConfig> {
  return { hidden: options.hidden, encoder: { stateDim: options.stateDim, candidateDim: options.candidateDim, fieldBuckets: 32 } };
}

const CHECKPOINT_FILE = 'agent.json';

export class LearningAgent implements Agent {
  private policy: CandidatePolicy;
  private controller: Controller;
  private greedy: Chooser;

  private constructor(
    private readonly definition: AgentDefinition,
    private readonly options: Record<string, unknown>,
    private readonly ctx: AgentContext,
    network: Partial<PolicyNetworkConfig>,
  ) {
    this.policy = new CandidatePolicy(network, hashSeed(ctx.seed, definition.name, 'init'));
    this.controller = definition.createController();
    this.greedy = networkChooser(this.policy, { temperature: 0 });
  }

  static async create(
    definition: AgentDefinition,
    options: Record<string, unknown>,
    ctx: AgentContext,
    network: Partial<PolicyNetworkConfig>,
  ): Promise<LearningAgent> {
    const backend = await initBackend();
    ctx.recordRuntime(backendFacts(backend));
    return new LearningAgent(definition, options, ctx, network);
  }

  /** The task text arrives with the first view, so the controller is reset there. */
  private needsReset = true;

  reset(_start: EpisodeStart): void {
    this.needsReset = true;
  }

  async act(view: StepView): Promise<Decision> {
    if (this.needsReset || view.step === 0) {
      this.controller.reset(view.task);
      this.needsReset = false;
    }
    const step = await this.controller.act(view, this.greedy);
    return { action: step.action, calls: step.calls, ...(step.note ? { note: step.note } : {}) };
  }

  async train(source: TrainingSource): Promise<void> {
    // As the harness validated it (defaults filled in), with the profile's settings where the suite left them out.
    const settings = withProfile(source.settings as TrainBlock);
    // Data choices (which demonstrations, the validation slice, the rollout episodes and their seeds) follow
    // the source's seed, which every agent of an env and run seed shares: agents train on paired data. The
    // network's own randomness (initialisation, batches) is the agent's.
    const dataSeed = source.seed;
    const seed = hashSeed(this.ctx.seed, 'train');
    const hooks: TrainerHooks = { log: (e) => source.log(e), progress: (p, d, t) => source.progress(p, d, t), yield: yieldEvery(10) };
    const started = performance.now();
    const seconds = () => Math.round((performance.now() - started) / 10) / 100;

    // 1. Demonstrations (train split only; a seeded validation slice held out).
    const shuffled = createRng(hashSeed(dataSeed, 'split')).shuffle([...source.episodes]);
    const limit = settings.demonstrations === null ? shuffled.length : Math.min(settings.demonstrations, shuffled.length);
    const pool = shuffled.slice(0, limit);
    const validationCount = Math.min(settings.validationMax, Math.floor(pool.length * settings.validationFraction));
    const validationEpisodes = pool.slice(0, validationCount);
    const trainEpisodes = pool.slice(validationCount);
    // The episodes' logs, teacher-forced from the demonstrations (which are dropped once forced) and then
    // the rollouts; each emptied once its samples are encoded. At the paper's budget they take hundreds of
    // MiB a unit, and two units train side by side.
    const logs = { ...(await this.demonstrations(source, trainEpisodes, validationEpisodes, seconds)), rollouts: [] as LoggedEpisode[] };

    // 2–3. Imitation samples per level from the teacher-forced logs, then behaviour cloning.
    const encoder = new SampleEncoder(this.policy.config.encoder);
    const bcLevels: LevelSamples[] = this.definition.roles.map((spec) => {
      const samples = decisionsOf(logs.train, spec.role);
      const validation = decisionsOf(logs.validation, spec.role);
      return {
        level: spec.role,
        samples: samples.map((d) => encoder.imitation(d)).filter((s) => s !== null),
        validation: validation.map((d) => encoder.imitation(d)).filter((s) => s !== null),
        every: spec.teacher === 'subtask' ? settings.bc.highLevelEvery : 1,
      };
    });
    source.log({
      phase: 'bc-data',
      seconds: seconds(),
      samples: Object.fromEntries(bcLevels.map((l) => [l.level, l.samples.length])),
      coverage: Object.fromEntries(
        this.definition.roles.map((spec) => {
          const all = decisionsOf(logs.train, spec.role);
          return [spec.role, all.length === 0 ? 1 : all.filter((d) => d.chosen >= 0).length / all.length];
        }),
      ),
    });
    // Offline RL's transitions of the demonstrations, encoded now (their prompts already are) so that their
    // logs end before behaviour cloning; the rollouts' transitions follow them.
    const transitionsOf = (episodes: LoggedEpisode[], spec: LevelRole) =>
      episodes
        .flatMap((e) => levelTransitions(e, spec, this.definition.roles))
        .map((t) => encoder.transition(t))
        .filter((s) => s !== null);
    const demonstrationTransitions = settings.rl.epochs > 0 ? this.definition.roles.map((spec) => transitionsOf(logs.train, spec)) : [];
    [logs.train, logs.validation] = [[], []];
    const bc = await trainBehaviourCloning(this.policy, bcLevels, settings.bc, hashSeed(seed, 'bc'), hooks);
    source.log({
      phase: 'bc',
      steps: bc.steps,
      seconds: seconds(),
      trainSeconds: bc.seconds,
      loss: bc.finalLoss,
      validationAccuracy: bc.validationAccuracy,
      bestEpoch: bc.bestEpoch,
    });

    if (settings.rl.epochs === 0) {
      await this.logValidation(source, validationEpisodes, seconds);
      return;
    }

    // 4. Rollouts of the cloned policy (sampled at the rollout temperature) on training episodes.
    logs.rollouts = await this.rollouts(source, trainEpisodes, settings, hashSeed(dataSeed, 'rollouts'));
    source.log({
      phase: 'rollouts',
      episodes: logs.rollouts.length,
      rolloutIds: logs.rollouts.map((r) => r.id),
      seconds: seconds(),
      success: logs.rollouts.filter((r) => r.success).length / Math.max(1, logs.rollouts.length),
      meanScore: mean(logs.rollouts.map((r) => r.score)),
      steps: logs.rollouts.reduce((n, r) => n + r.steps.length, 0),
    });

    // 5. Offline RL per level on demonstrations + rollouts.
    const rlLevels: RlLevel[] = this.definition.roles.map((spec, i) => ({
      level: spec.role,
      samples: [...demonstrationTransitions[i], ...transitionsOf(logs.rollouts, spec)],
      // Every level learns at every offline-RL step (the reference thins only behaviour cloning's high level).
      every: 1,
    }));
    logs.rollouts = [];
    source.log({ phase: 'rl-data', seconds: seconds(), transitions: Object.fromEntries(rlLevels.map((l) => [l.level, l.samples.length])) });
    const bcWeights = settings.select && validationEpisodes.length > 0 ? this.policy.variables().map((v) => tf.clone(v)) : null;
    const rl = await trainOfflineRL(this.policy, rlLevels, settings.rl, hashSeed(seed, 'rl'), hooks);
    source.log({ phase: 'rl', steps: rl.steps, seconds: seconds(), trainSeconds: rl.seconds });

    // 6. Model selection on the validation slice of the training split.
    if (bcWeights) {
      const withRl = await this.evaluate(source, validationEpisodes, 'validation-bc-rl');
      const rlWeights = this.policy.variables().map((v) => tf.clone(v));
      this.policy.variables().forEach((v, i) => v.assign(bcWeights[i]));
      const bcOnly = await this.evaluate(source, validationEpisodes, 'validation-bc');
      const keepRl = keepsOfflineRl(bcOnly, withRl);
      if (keepRl) this.policy.variables().forEach((v, i) => v.assign(rlWeights[i]));
      tf.dispose([...bcWeights, ...rlWeights]);
      source.log({
        phase: 'selection',
        kept: keepRl ? 'bc+rl' : 'bc',
        seconds: seconds(),
        validation: { bcScore: bcOnly.score, bcSuccess: bcOnly.success, rlScore: withRl.score, rlSuccess: withRl.success },
      });
      const kept = keepRl ? withRl : bcOnly;
      source.log({ phase: 'validation', episodes: validationEpisodes.length, score: kept.score, success: kept.success, seconds: seconds() });
    } else {
      await this.logValidation(source, validationEpisodes, seconds);
    }
  }

  /**
   * The trained agent's greedy mean score (a failure counted as 0) and success on the validation slice of the
   * training split: the figure design choices are made on (`bench/select-on-validation.ts`), never the
   * evaluation splits.
   */
  private async logValidation(source: TrainingSource, episodes: EpisodeSpec[], seconds: () => number): Promise<void> {
    if (episodes.length === 0) return;
    const { score, success } = await this.evaluate(source, episodes, 'validation');
    source.log({ phase: 'validation', episodes: episodes.length, score, success, seconds: seconds() });
  }

  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    await saveWeights(dir, 'policy', this.policy.namedVariables(), { network: this.policy.config });
    const state = {
      format: 'step-hrl-harness/agent@1',
      agent: this.definition.name,
      version: this.definition.version,
      options: this.options,
      network: this.policy.config,
      state: this.definition.saveState?.() ?? null,
      subtasks: this.definition.subtasks?.toJSON() ?? null,
    };
    await writeFile(join(dir, CHECKPOINT_FILE), JSON.stringify(state, null, 2) + '\n');
  }

  async load(dir: string): Promise<void> {
    const file = join(dir, CHECKPOINT_FILE);
    const state = JSON.parse(await readFile(file, 'utf8')) as {
      agent: string;
      network: PolicyNetworkConfig;
      state: unknown;
      subtasks?: Parameters<SubtaskSource['load']>[0];
    };
    if (state.agent !== this.definition.name) throw new Error(`${file}: checkpoint of agent ${state.agent}, not ${this.definition.name}`);
    if (JSON.stringify(state.network) !== JSON.stringify(this.policy.config)) {
      // The checkpoint's architecture wins: it is what the weights were trained with.
      this.policy.dispose();
      this.policy = new CandidatePolicy(state.network, 0);
      this.greedy = networkChooser(this.policy, { temperature: 0 });
    }
    const { tensors } = await loadWeights(dir, 'policy');
    assignWeights(this.policy.namedVariables(), tensors, join(dir, 'policy.json'));
    this.definition.loadState?.(state.state);
    this.definition.subtasks?.load(state.subtasks);
  }

  dispose(): void {
    this.policy.dispose();
  }

  // ─────────────────────────────────────────── helpers ───────────────────────────────────────────

  /**
   * Step 1: the demonstrations of the training and validation episodes, the subtask proposals and whatever
   * the agent prepares from them (logged as the `data` phase), then their teacher-forced logs. The recordings
   * themselves end with this call.
   */
  private async demonstrations(
    source: TrainingSource,
    trainEpisodes: EpisodeSpec[],
    validationEpisodes: EpisodeSpec[],
    seconds: () => number,
  ): Promise<{ train: LoggedEpisode[]; validation: LoggedEpisode[] }> {
    const trainDemos = await this.record(source, trainEpisodes, 'demonstrations');
    const validationDemos = await this.record(source, validationEpisodes, 'validation demonstrations');
    // Subtask proposals first: teacher forcing (below, and in `prepare`) asks the high level to choose among them.
    const subtasks = this.definition.subtasks;
    const proposals = subtasks ? { ...subtasks.learn(trainDemos), ...coverageOf(subtasks, validationDemos) } : {};
    const prepared = (await this.definition.prepare?.(trainDemos, (d) => this.teacherForce(d))) ?? {};
    source.log({
      phase: 'data',
      demonstrations: trainDemos.length,
      validation: validationDemos.length,
      demonstrationSteps: trainDemos.reduce((n, d) => n + d.steps.length, 0),
      expertSuccess: trainDemos.filter((d) => d.success).length / Math.max(1, trainDemos.length),
      seconds: seconds(),
      ...proposals,
      ...prepared,
      demonstrationIds: trainEpisodes.map((e) => e.id),
      validationIds: validationEpisodes.map((e) => e.id),
    });
    return {
      train: await Promise.all(trainDemos.map((d) => this.teacherForce(d))),
      validation: await Promise.all(validationDemos.map((d) => this.teacherForce(d))),
    };
  }

  private async record(source: TrainingSource, episodes: EpisodeSpec[], phase: string): Promise<RecordedDemonstration[]> {
    const out: RecordedDemonstration[] = [];
    const texts = new Texts();
    for (let i = 0; i < episodes.length; i++) {
      const env = await source.createEnv(episodes[i]);
      try {
        out.push(await recordDemonstration(env, episodes[i], source.stepLimit, { candidates: this.definition.subtasks?.mode === 'env', texts }));
      } finally {
        await env.close?.();
      }
      source.progress(phase, i + 1, episodes.length);
    }
    return out;
  }

  /** Runs a demonstration through a fresh controller with the teacher answering every decision. */
  private async teacherForce(demo: RecordedDemonstration): Promise<LoggedEpisode> {
    const replayed = await this.replay(demo, demo.episode.id);
    const steps = demo.steps.map((s, i) => ({
      decisions: replayed[i].decisions,
      action: s.action,
      reward: s.reward,
      done: s.done,
      invalid: s.invalid,
      score: s.score,
      success: s.success,
    }));
    // A demonstration cut by the step limit has no teacher for the state it stopped at: nothing to bootstrap from.
    return { id: demo.episode.id, source: 'expert', steps, success: demo.success, score: demo.score, truncated: demo.truncated, bootstrap: [] };
  }

  /** The exact policy calls of each step of a demonstration, teacher-forced as for imitation data (`harness export`). */
  async imitate(demo: ImitationDemonstration): Promise<ImitatedCall[][]> {
    return (await this.replay(demo, 'the demonstration')).map((s) => s.calls);
  }

  /** Each step's decisions and calls, with a fresh controller and the teacher answering every decision. */
  private async replay(demo: ImitationDemonstration, name: string): Promise<{ decisions: PolicyDecision[]; calls: PolicyCall[] }[]> {
    const controller = this.definition.createController();
    controller.reset(demo.task);
    const roles = new Map(this.definition.roles.map((r) => [r.role, r]));
    const teacher = teacherChooser((request) => {
      const spec = roles.get(request.role);
      if (!spec) throw new Error(`no teacher for role ${request.role}`);
      const answer = expertAnswer(demo, request.step, spec.teacher);
      return spec.teacher === 'progress' && this.definition.teacherProgress ? { text: this.definition.teacherProgress(answer.text) } : answer;
    });
    const steps = [];
    for (let i = 0; i < demo.steps.length; i++) {
      const decisions: PolicyDecision[] = [];
      const out = await controller.act(demonstrationView(demo, i), recordingChooser(teacher, decisions));
      if (out.action !== demo.steps[i].action) throw new Error(`teacher forcing diverged at step ${i} of ${name}`);
      steps.push({ decisions, calls: out.calls });
    }
    return steps;
  }

  /**
   * Rollouts of the current policy, sampled at the rollout temperature, on training episodes drawn with
   * replacement — played through `TrainingSource.collect`, so on the run's worker threads when it has them.
   */
  private async rollouts(source: TrainingSource, episodes: EpisodeSpec[], settings: AgentTrainSettings, seed: number): Promise<LoggedEpisode[]> {
    if (episodes.length === 0 || settings.rollouts.episodes === 0) return [];
    const pick = createRng(hashSeed(seed, 'episodes'));
    const items = Array.from({ length: settings.rollouts.episodes }, (_, i) => {
      const episode = episodes[pick.int(episodes.length)];
      return { episode, seed: hashSeed(seed, episode.id, i) };
    });
    const request: CollectSettings = { temperature: settings.rollouts.temperature, summary: false };
    return (await this.collectMany(source, items, request, 'rollouts')) as LoggedEpisode[];
  }

  /** Greedy episodes of the current policy: mean score and success (for model selection). */
  private async evaluate(source: TrainingSource, episodes: EpisodeSpec[], tag: string): Promise<ValidationResult> {
    const request: CollectSettings = { temperature: 0, summary: true };
    const results = (await this.collectMany(
      source,
      episodes.map((episode) => ({ episode, seed: 0 })),
      request,
      tag,
    )) as EpisodeSummary[];
    return validationResult(results);
  }

  /** Saves the current policy where the collectors can load it, collects, and drops failed episodes. */
  private async collectMany(
    source: TrainingSource,
    items: { episode: EpisodeSpec; seed: number }[],
    request: CollectSettings,
    tag: string,
  ): Promise<unknown[]> {
    const checkpoint = join(source.scratchDir, `collect-${tag}`);
    await this.save(checkpoint);
    const results = await source.collect(items, checkpoint, request);
    source.progress(tag, items.length, items.length);
    return results.filter((r) => r !== null);
  }

  /**
   * Plays one training episode for `TrainingSource.collect`: sampled at `temperature` (seeded by the request)
   * or greedy, with every decision logged — or, with `summary`, just its score and success.
   */
  async collect(env: Env, episode: EpisodeSpec, request: CollectRequest): Promise<LoggedEpisode | EpisodeSummary> {
    const { temperature, summary } = request.settings as CollectSettings;
    const chooser = temperature > 0 ? networkChooser(this.policy, { temperature, rng: createRng(request.seed) }) : this.greedy;
    const controller = this.definition.createController();
    let started = false;
    const logged = await collectEpisode(env, episode, request.stepLimit, async (view) => {
      if (!started) {
        controller.reset(view.task);
        started = true;
      }
      const decisions: PolicyDecision[] = [];
      const step = await controller.act(view, recordingChooser(chooser, decisions));
      return { action: step.action, decisions };
    });
    return summary ? { score: logged.score, success: logged.success } : logged;
  }
}

/** What `collect` is asked to do. */
interface CollectSettings {
  temperature: number;
  summary: boolean;
}

function decisionsOf(logs: LoggedEpisode[], role: string): PolicyDecision[] {
  return logs.flatMap((e) => e.steps.flatMap((s) => s.decisions.filter((d) => d.role === role)));
}

/** The share of expert subtasks among the proposals where each starts, on the validation demonstrations. */
function coverageOf(subtasks: SubtaskSource, validation: RecordedDemonstration[]): Record<string, number> {
  const coverage = subtasks.coverage(validation);
  return coverage === null ? {} : { subtaskCoverageValidation: coverage };
}
