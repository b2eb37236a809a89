/**
 * The plugin contract of the harness: everything an environment, agent, metric or reporter may rely on,
 * and everything it must provide. A plugin imports this module and nothing else from the harness
 * (the learning kit in `harness/learn` is public too, for agents that want it).
 *
 * A plugin is an ES module whose default export is a plain object made with `definePlugin`:
 *
 *   export default definePlugin({ kind: 'env', name: 'my-env', version: '1.0.0', ... })
 *
 * The harness calls its functions; a plugin never writes the run's files itself.
 */

export type MaybePromise<T> = T | Promise<T>;

/** A JSON Schema (draft 2020-12 subset understood by ajv). */
export type JsonSchema = Record<string, unknown>;

interface PluginBase<Kind extends string> {
  kind: Kind;
  /** Unique within its kind; what a suite writes after `use:`. */
  name: string;
  /** Recorded in every run's manifest, so results can be traced to plugin versions. */
  version: string;
  /** One line, shown by `harness list`. */
  description: string;
  /**
   * Schema of the `options` a suite may give this plugin. The harness validates the suite's options
   * against it (reporting file:line:col on error) and fills in `default`s before the plugin sees them.
   * Without a schema, options must be absent or empty.
   */
  optionsSchema?: JsonSchema;
}

// ───────────────────────────────────────── environments ─────────────────────────────────────────

/**
 * One episode an environment can run: a task and a variation of it. `id` is stable across runs and unique
 * within an (env, split); the harness identifies an episode by (env, split, id, seed).
 */
export interface EpisodeSpec {
  id: string;
  /** Task type, used for per-task breakdowns (e.g. `1-1 boil`, `pick_and_place_simple`). */
  task: string;
  variation: number;
}

/** What the environment shows after `reset()`. */
export interface ResetResult {
  /** The first observation, exactly as the environment prints it. */
  observation: string;
  /** The task description (e.g. `Your task is to boil water. ...`). */
  task: string;
  info?: StepInfo;
}

/** Extra per-step facts an environment may expose (all optional, all plain data). */
export interface StepInfo {
  /** The current room description, for environments that print it separately (ScienceWorld's `look`). */
  look?: string;
  /** The inventory text, for environments that print it separately (ScienceWorld's `inv`). */
  inventory?: string;
  [key: string]: unknown;
}

export interface StepResult {
  /** The feedback text, exactly as the environment prints it. */
  observation: string;
  /** Reward of this step (ScienceWorld: score change; ALFWorld: 1 on the winning step). */
  reward: number;
  /** Current task score on the environment's scale (0–100; ScienceWorld gives −100 on task failure). */
  score: number;
  /** The episode is over (goal reached or task failed). The step limit is the harness's business. */
  done: boolean;
  /** The environment's own success predicate (ALFWorld: won; ScienceWorld: score 100). Never just `done`. */
  success: boolean;
  /** The action was not understood or not applicable in this state. */
  invalid?: boolean;
  /** Fraction (0–1) of the task's subgoals reached so far, for progress-rate metrics. */
  progress?: number;
  info?: StepInfo;
}

/**
 * An expert's plan from the state right after `reset()`, segmented into subtasks: the actions to take in order,
 * each with the local progress it makes. An env without a subtask structure gives one subtask with an empty
 * text; an env without progress labels gives empty `progress` strings (hrl and step-hrl then cannot train).
 *
 *   { subtasks: [
 *       { subtask: 'find the key', steps: [
 *           { action: 'look at rug', progress: 'The key is on the rug.' },
 *           { action: 'take key', progress: 'The key is in hand.' } ] },
 *       { subtask: 'leave the room', steps: [ ... ] } ] }
 */
export interface Demonstration {
  subtasks: DemonstrationSubtask[];
}

export interface DemonstrationSubtask {
  /** Subtask text in the environment's subtask grammar (e.g. `navigate to(kitchen)`). */
  subtask: string;
  steps: DemonstrationStep[];
}

export interface DemonstrationStep {
  action: string;
  /**
   * The local-progress label after this step: what is known so far within the subtask, as one sentence,
   * optionally followed by ` || [Checked: a, b]` (the places a search has looked) or ` || [Route: a -> b]`
   * (the rooms a navigation has passed), e.g. `Found apple 1 at fridge 1. || [Checked: countertop 1, fridge 1]`.
   */
  progress: string;
}

/** A live episode. Calls come in this order: reset, then step/validActions/... until done, then close. */
export interface Env {
  reset(): MaybePromise<ResetResult>;
  step(action: string): MaybePromise<StepResult>;
  /** The actions that are valid in the current state (ScienceWorld's valid action–object combinations). */
  validActions(): MaybePromise<string[]>;
  /** Candidate subtasks for a high-level policy at the current state (grounded grammar plus distractors). */
  candidateSubtasks?(): MaybePromise<string[]>;
  /** A plan that solves the episode from its reset state. Used for training data and the oracle only. */
  expert?(): MaybePromise<Demonstration>;
  close?(): MaybePromise<void>;
}

/**
 * What an env can offer agents. The harness derives an env's capabilities from what it provides, by probing
 * one episode (which optional methods its `Env` has, what `reset()`, `expert()` and `step()` return), and
 * checks them against what each agent `requires` before a run (`harness validate`; `harness check <env>`
 * prints them).
 */
export const ENV_CAPABILITIES = {
  /** `expert()` gives a plan with at least one step: demonstrations for training, and the oracle's moves. */
  expert: 'an expert plan (expert())',
  /** Every subtask of the expert's plan has a text: what a hierarchy (hrl, step-hrl) learns to choose. */
  subtasks: 'subtask segmentation (named subtasks in the expert plan)',
  /** Every step of the expert's plan has a `progress` label: what step-hrl's progress module learns. */
  progressLabels: 'progress labels (a progress sentence on each expert step)',
  /** `step()` reports `progress`, the fraction of the task's subgoals reached (the progress-rate metric). */
  progressFraction: 'a progress fraction (StepResult.progress)',
  /** `reset()` or `step()` gives `info.look` or `info.inventory` (room and inventory text beside the feedback). */
  lookInventory: 'look/inventory info (info.look, info.inventory)',
  /** `candidateSubtasks()` gives a non-empty list at the start of an episode: subtasks a high level may choose. */
  candidateSubtasks: 'candidate subtasks (candidateSubtasks())',
} as const;

export type EnvCapability = keyof typeof ENV_CAPABILITIES;

export interface EnvCreateContext<Options> {
  options: Options;
  /** The run seed, for environments with stochastic dynamics. Episodes must be deterministic given it. */
  seed: number;
}

export interface EnvPlugin<Options = any> extends PluginBase<'env'> {
  /** Split names `episodes()` accepts; a suite may only name these. */
  splits: readonly string[];
  /** The episodes of a split, in a stable order. Must be deterministic. */
  episodes(split: string, options: Options): MaybePromise<EpisodeSpec[]>;
  create(episode: EpisodeSpec, ctx: EnvCreateContext<Options>): MaybePromise<Env>;
  /** Optional detail for `harness list <name>` (e.g. tasks and episodes per split). */
  describe?(options: Options): MaybePromise<string>;
}

// ──────────────────────────────────────────── agents ────────────────────────────────────────────

/**
 * A prompt is the exact text a policy was conditioned on. It may be given as parts that are concatenated
 * as they are; the harness counts tokens part by part through a cache, which is exact when parts join at
 * line breaks (end every part but the last with "\n"), so a long history costs only its new parts.
 */
export type Prompt = string | readonly string[];

/** One call of a policy during a step: what it was conditioned on and what it produced. */
export interface PolicyCall {
  /** `policy` for flat agents; `high`, `low`, `progress` for hierarchical ones; any name is allowed. */
  role: string;
  prompt: Prompt;
  completion: string;
  /** Token usage as reported by a model API, logged beside the harness's own count. */
  usage?: { prompt: number; completion: number };
}

export interface Decision {
  action: string;
  /** Every policy call made to choose this action (an empty list for agents with no policy). */
  calls: PolicyCall[];
  /** Agent-side annotations recorded in the trajectory (e.g. current subtask, local progress). */
  note?: Record<string, string | number | boolean>;
}

/** What an agent sees at each step: only what a player sees. */
export interface StepView {
  /** Steps taken so far in this episode (0 at the first decision). */
  step: number;
  task: string;
  /** The latest observation: the reset text at step 0, then the feedback of the previous action. */
  observation: string;
  info?: StepInfo;
  validActions: string[];
  /** The env's candidate subtasks at this state ([] if the env has none). Computed on demand. */
  candidateSubtasks(): Promise<string[]>;
}

export interface EpisodeStart {
  env: string;
  split: string;
  episode: EpisodeSpec;
  /**
   * Seed for anything random in this episode (derived from the run seed, env, split, episode and agent).
   * Seed per-episode randomness from it, never from a stream shared across episodes: episodes may run in
   * any order, in several processes, and must give the same record whatever ran before.
   */
  seed: number;
  /** The expert's plan, given only to agents whose plugin is `privileged` (reference rows such as oracle). */
  expert?: Demonstration;
}

export interface Agent {
  /** Start a new episode. Called before the first `act`; must reset all per-episode state. */
  reset(start: EpisodeStart): MaybePromise<void>;
  act(view: StepView): MaybePromise<Decision>;
  /** Learn from the training split. Called once per (env, seed) before evaluation, if defined. */
  train?(source: TrainingSource): Promise<void>;
  /**
   * Plays one training episode to collect data (e.g. rollouts sampled at temperature 1) on a fresh env the
   * harness has created (not yet reset), and returns what training needs as plain, structured-cloneable data.
   * Called through `TrainingSource.collect`, which may run it on another thread, on an agent rebuilt there
   * with `load()`: it must depend only on the loaded parameters and `request`.
   */
  collect?(env: Env, episode: EpisodeSpec, request: CollectRequest): Promise<unknown>;
  /** Write everything needed to act identically later into `dir` (an empty folder the harness owns). */
  save?(dir: string): Promise<void>;
  load?(dir: string): Promise<void>;
  /**
   * Replays an expert demonstration through the agent's own policies, each decision answered with the
   * expert's choice instead of the policy's (teacher forcing), and returns for every step the policy calls the
   * agent makes there: its exact prompts, with the expert's answers as completions. `harness export` writes
   * fine-tuning data from these, in the agent's own prompt format. Its prompts must not depend on training, and
   * the call must leave the agent as it was (it runs between episodes, on an untrained agent).
   */
  imitate?(demonstration: ImitationDemonstration): Promise<ImitatedCall[][]>;
  dispose?(): MaybePromise<void>;
}

/** An expert episode as a player lived it, for `Agent.imitate`: the task, then per step what was seen and done. */
export interface ImitationDemonstration {
  task: string;
  steps: ImitationStep[];
}

export interface ImitationStep {
  /** What the player saw before acting: the latest observation (the reset text at step 0) and its info. */
  observation: string;
  info?: StepInfo;
  validActions: string[];
  /** The env's candidate subtasks, recorded where a subtask starts (null elsewhere, or when the env has none). */
  candidateSubtasks?: string[] | null;
  /** The expert's subtask at this step, and whether this step is the subtask's last. */
  subtask: string;
  lastInSubtask: boolean;
  action: string;
  /** The local-progress label after this step. */
  progress: string;
}

/** A policy call of `Agent.imitate`. */
export interface ImitatedCall extends PolicyCall {
  /**
   * The chat messages sent for this call, from an agent that prompts a chat model (the `llm` agent). Absent
   * for other agents: an exporter then maps the prompt's first part (the role line) to a system message and
   * the rest to a user message.
   */
  messages?: { role: 'system' | 'user'; content: string }[];
}

export interface AgentContext {
  /** Seed for this agent instance (derived from the run seed, the env and the agent id). */
  seed: number;
  env: string;
  agent: string;
  /** The env plugin's name and options, for agents that adapt to the environment's text conventions. */
  envPlugin: string;
  /** Counts tokens with the suite's tokenizer (the same ruler the harness uses for reports). */
  countTokens(text: string): number;
  /**
   * Records facts about the runtime in the run's manifest (`runtime`), e.g. `{ backend: 'wasm' }` once a
   * tensor backend is chosen, so every result can be traced to what computed it.
   */
  recordRuntime(facts: Record<string, string>): void;
  /**
   * `harness run --dry-run`: the harness prints every policy call's prompt for one episode and keeps nothing.
   * An agent backed by an external service must not call it; it answers with a placeholder (e.g. the first
   * valid action) so the episode can go on.
   */
  dryRun?: boolean;
}

export interface CollectRequest {
  /** Seed for this episode's randomness. */
  seed: number;
  stepLimit: number;
  /** Whatever the agent passed to `TrainingSource.collect` (plain data, e.g. a sampling temperature). */
  settings: unknown;
}

/** What `train()` gets: the training split and the means to run it. */
export interface TrainingSource {
  env: string;
  split: string;
  episodes: EpisodeSpec[];
  stepLimit: number;
  /**
   * The same for every agent of one env and run seed, so agents can draw the same training data (paired
   * comparisons): seed data choices from it, and the agent's own randomness from `AgentContext.seed`.
   */
  seed: number;
  /** The suite's `train` block for this agent (validated against the plugin's `trainSchema`). */
  settings: Record<string, unknown>;
  createEnv(episode: EpisodeSpec): Promise<Env>;
  /**
   * Runs the agent's `collect()` on each episode, in parallel on the run's worker threads when it has them,
   * each worker rebuilding the agent from `checkpoint` (a folder the agent filled with `save()`, e.g. under
   * `scratchDir`). Results come back in the order given; an episode whose collection failed gives `null`.
   */
  collect(items: { episode: EpisodeSpec; seed: number }[], checkpoint: string, settings: unknown): Promise<unknown[]>;
  /** A folder for the agent's intermediate files during training (e.g. the checkpoint it gives `collect`). */
  scratchDir: string;
  /** Append an event (losses, data sizes, timings) to the run's training log. */
  log(event: TrainingEvent): void;
  /** Progress for the harness's progress bar (`done` of `total` units of the current phase). */
  progress(phase: string, done: number, total: number): void;
}

export interface TrainingEvent {
  phase: string;
  [key: string]: string | number | boolean | null | number[] | string[] | Record<string, number>;
}

export interface AgentPlugin<Options = any> extends PluginBase<'agent'> {
  /** Schema of the suite's `train` block for this agent (beyond the harness's own `from` and `enabled`). */
  trainSchema?: JsonSchema;
  /** Receives the expert plan in `reset()`. Only for reference rows (oracle); never for a learning agent. */
  privileged?: boolean;
  /**
   * The env capabilities this agent cannot do without, given its options (defaults filled in) and whether it
   * trains in the suite (`trains` is false for `train: false` and for `train: { from: <run> }`). A suite that
   * pairs it with an env lacking one is refused before anything runs. Absent: it needs nothing.
   */
  requires?(options: Options, suite: { trains: boolean }): EnvCapability[];
  /**
   * What a reader of the results must know about this agent with these options (defaults filled in) — e.g.
   * that it chooses among lists the env builds from what a player cannot see. Recorded in the run's manifest
   * and shown beside the agent's results in every report.
   */
  caveats?(options: Options): string[];
  create(options: Options, ctx: AgentContext): MaybePromise<Agent>;
}

// ──────────────────────────────────────────── records ───────────────────────────────────────────

export interface TokenCount {
  prompt: number;
  completion: number;
}

export interface StepRecord {
  action: string;
  observation: string;
  reward: number;
  score: number;
  done: boolean;
  invalid?: boolean;
  progress?: number;
  /** Tokens of this step's policy calls, as counted by the harness (prompt + completion, by role). */
  tokens: { total: number; byRole: Record<string, TokenCount> };
  /** Usage reported by a model API, when the agent reported any. */
  usage?: TokenCount;
  /** What the agent had in force when it chose the action (e.g. its subtask, local progress, finished flag). */
  note?: Decision['note'];
  /** The policy calls that chose the action, in order (records of format 2 on). */
  calls?: CallRecord[];
}

/**
 * One policy call as logged: its prompt as indices into the episode's `parts` (a history-conditioned prompt
 * repeats the same parts every step; each is stored once per episode), what it produced, and its tokens.
 */
export interface CallRecord {
  role: string;
  prompt: number[];
  completion: string;
  tokens: TokenCount;
  usage?: TokenCount;
}

/** The version of `EpisodeRecord` this harness writes; readers accept every earlier one. */
export const EPISODE_FORMAT = 2;

/**
 * One finished episode, as written to `episodes.jsonl`. Format 1 (no `format` key) lacks `reset`, `parts`
 * and each step's `calls`; everything else is the same.
 */
export interface EpisodeRecord {
  format?: number;
  env: string;
  split: string;
  agent: string;
  seed: number;
  episode: string;
  task: string;
  variation: number;
  success: boolean;
  /** Final score (0–100 scale; may be negative on task failure). */
  score: number;
  /** Sum of step rewards. */
  reward: number;
  steps: number;
  /** Final progress fraction (0–1), when the env reports one. */
  progress?: number;
  tokens: {
    total: number;
    prompt: number;
    completion: number;
    /** Tokens (prompt + completion) of each step, in order. */
    perStep: number[];
    byRole: Record<string, TokenCount & { calls: number }>;
  };
  usage?: TokenCount;
  /** What the env showed at reset: the task description, the first observation and its info (format 2). */
  reset?: ResetResult;
  trajectory: StepRecord[];
  /** The distinct prompt parts of the episode's policy calls, indexed by `CallRecord.prompt` (format 2). */
  parts?: string[];
  /** Why the episode stopped early: a plugin error or timeout. Null when it ran normally. */
  error: string | null;
  /**
   * How the episode ended: the env said done (terminated), the step limit cut it (truncated), or an error.
   */
  end: 'done' | 'step-limit' | 'error';
  durationMs: number;
}

// ─────────────────────────────────────────── metrics ────────────────────────────────────────────

export interface MetricPlugin<Options = any> extends PluginBase<'metric'> {
  /** Column label in tables (defaults to the name). */
  label?: string;
  higherIsBetter: boolean;
  /** Values are 0/1, so the aggregate is a rate (reported as a percentage with a Wilson interval). */
  binary?: boolean;
  /** How per-episode values combine into a row (mean gets a 95% interval). */
  aggregate: 'mean' | 'sum';
  /** The episode's value; `null` leaves the episode out (e.g. a metric that needs data the env lacks). */
  value(record: EpisodeRecord, options: Options): number | null;
}

/** A metric's aggregate over a group of episodes, with its 95% interval. */
export interface MetricValue {
  value: number;
  low: number;
  high: number;
  /** Episodes that contributed a value. */
  n: number;
}

export interface SummaryRow {
  env: string;
  split: string;
  agent: string;
  episodes: number;
  errors: number;
  /**
   * Each metric over the row's episodes. With several training seeds: the across-seed estimate, the mean of
   * the per-seed values with a two-level bootstrap interval (seeds, then episodes within each seed).
   */
  metrics: Record<string, MetricValue>;
  /** The training seeds the row pools, in ascending order (absent in summaries of older harness versions). */
  seeds?: number[];
  /** With more than one seed: each seed's own figures, in seed order. */
  perSeed?: SeedRow[];
}

/** One training seed's share of a summary row, each metric with its own 95% interval over that seed's episodes. */
export interface SeedRow {
  seed: number;
  episodes: number;
  errors: number;
  metrics: Record<string, MetricValue>;
}

export interface Summary {
  /** The metrics in suite order, with what a reporter needs to format them. */
  metrics: { name: string; label: string; binary: boolean; higherIsBetter: boolean; aggregate: 'mean' | 'sum' }[];
  rows: SummaryRow[];
}

// ────────────────────────────────────────── reporters ───────────────────────────────────────────

/** A finished run, read from its folder. Reporters see only this. */
export interface RunView {
  dir: string;
  manifest: Record<string, unknown>;
  summary: Summary;
  /** Streams the episode log (bounded memory, whatever the run's size). */
  episodes(): AsyncIterable<EpisodeRecord>;
  /** Streams the training log. */
  training(): AsyncIterable<TrainingEvent & { env: string; agent: string; seed: number }>;
}

export interface ReportFile {
  /** Path relative to the run folder, e.g. `report.md`. */
  path: string;
  content: string | Uint8Array;
}

export interface ReporterPlugin<Options = any> extends PluginBase<'reporter'> {
  render(run: RunView, options: Options): MaybePromise<ReportFile[]>;
}

// ─────────────────────────────────────────── helpers ────────────────────────────────────────────

export type Plugin = EnvPlugin | AgentPlugin | MetricPlugin | ReporterPlugin;
export type PluginKind = Plugin['kind'];

/** Identity function that gives a plugin object its type (like Vite's `defineConfig`). */
export function definePlugin<P extends Plugin>(plugin: P): P {
  return plugin;
}

/**
 * `value` with the `default`s of an object schema's properties filled in where it has none, into nested
 * object properties too — what the harness's validator does before a plugin sees its options. For a plugin
 * called outside the harness (a test, a script), so its defaults stay declared once, in its schema.
 */
export function withDefaults<T>(schema: JsonSchema | undefined, value: object = {}): T {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, property] of Object.entries(properties)) {
    if (out[name] === undefined && property.default !== undefined) out[name] = structuredClone(property.default);
    if (property.type === 'object' && typeof out[name] === 'object' && out[name] !== null) out[name] = withDefaults(property, out[name] as object);
  }
  return out as T;
}

/** A seeded pseudo-random number generator (sfc32). Same seed, same sequence, on every platform. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: T[]): T[];
}

export function createRng(seed: number | string): Rng {
  const h = typeof seed === 'number' ? hashSeed(String(seed)) : hashSeed(seed);
  let a = h ^ 0x9e3779b9,
    b = h ^ 0x243f6a88,
    c = h ^ 0xb7e15162,
    d = 1;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // mix the state before use
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)];
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
  };
}

/** A 32-bit seed from any parts (FNV-1a over their text), for deriving per-episode or per-agent seeds. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
