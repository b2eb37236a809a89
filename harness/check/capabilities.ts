/**
 * Env capabilities (`ENV_CAPABILITIES` in the plugin contract): what an env offers, derived by probing one
 * episode, and what agents need of it, declared by each agent plugin's `requires`.
 */
import { type AgentPlugin, type Demonstration, ENV_CAPABILITIES, type EnvCapability, type EnvPlugin, type MaybePromise } from '../api.ts';
import { withTimeout } from '../runner/timeout.ts';
import { compileSchema } from '../schema/compile.ts';

export const capabilityNames = Object.keys(ENV_CAPABILITIES) as EnvCapability[];

/** What one probed episode showed of an env: the capabilities it offers, and why each other one is missing. */
export interface EnvProbe {
  split: string;
  episode: string;
  offered: EnvCapability[];
  missing: Partial<Record<EnvCapability, string>>;
}

export interface ProbeAt {
  split: string;
  seed: number;
  /** Time allowed for each plugin call (a hung env fails the probe, not the command). */
  timeoutMs: number;
}

/**
 * Plays the start of the split's first episode: reset, the candidate subtasks and the expert's plan at the
 * reset state, then one step (the plan's first action, or the first valid action). Throws when the env cannot
 * even do that (no episodes, create/reset/step failing or timing out): its capabilities are then unknown.
 */
export async function probeEnv(plugin: EnvPlugin, options: Record<string, unknown>, at: ProbeAt): Promise<EnvProbe> {
  const timed = <T>(what: string, run: () => MaybePromise<T>): Promise<T> => Promise.resolve(withTimeout(run(), at.timeoutMs, what));
  const episodes = await timed(`episodes("${at.split}")`, () => plugin.episodes(at.split, options));
  const episode = episodes?.[0];
  if (!episode) throw new Error(`episodes("${at.split}") gave no episodes`);
  const creating = plugin.create(episode, { options, seed: at.seed });
  const env = await timed('create()', () => creating).catch((e) => {
    // An env that arrives after the timeout must still be closed (a server-side instance, a subprocess).
    if (creating instanceof Promise) creating.then((late) => late.close?.()).catch(() => {});
    throw e;
  });
  const missing: Partial<Record<EnvCapability, string>> = {};
  try {
    const reset = await timed('reset()', () => env.reset());

    if (!env.candidateSubtasks) missing.candidateSubtasks = 'the env has no candidateSubtasks()';
    else {
      const candidates = await optional('candidateSubtasks()', () => timed('candidateSubtasks()', () => env.candidateSubtasks!()));
      if ('failure' in candidates) missing.candidateSubtasks = candidates.failure;
      else if (!Array.isArray(candidates.value) || candidates.value.length === 0)
        missing.candidateSubtasks = 'candidateSubtasks() gave no candidates at the start';
    }

    let plan: Demonstration | null = null;
    if (!env.expert) missing.expert = 'the env has no expert()';
    else {
      const given = await optional('expert()', () => timed('expert()', () => env.expert!()));
      if ('failure' in given) missing.expert = given.failure;
      else if (planSteps(given.value).length === 0) missing.expert = 'expert() gave a plan without steps';
      else plan = given.value;
    }
    const steps = plan ? planSteps(plan) : [];
    if (!plan) {
      missing.subtasks = 'no expert plan';
      missing.progressLabels = 'no expert plan';
    } else {
      const unnamed = plan.subtasks.filter((s) => typeof s?.subtask !== 'string' || s.subtask.trim() === '').length;
      if (unnamed) missing.subtasks = `${unnamed} of the plan's ${plan.subtasks.length} subtask(s) have no text`;
      const unlabelled = steps.filter((s) => typeof s?.progress !== 'string' || s.progress.trim() === '').length;
      if (unlabelled) missing.progressLabels = `${unlabelled} of the plan's ${steps.length} step(s) have no progress label`;
    }

    const action = steps[0]?.action ?? (await timed('validActions()', () => env.validActions()))[0];
    const result = action === undefined ? null : await timed('step()', () => env.step(action));
    if (typeof result?.progress !== 'number') missing.progressFraction = 'step() gives no progress fraction';
    const infos = [reset?.info, result?.info];
    if (!infos.some((info) => typeof info?.look === 'string' || typeof info?.inventory === 'string')) {
      missing.lookInventory = 'reset() and step() give no info.look or info.inventory';
    }
  } finally {
    await Promise.resolve(withTimeout(env.close?.(), at.timeoutMs, 'close()')).catch(() => {});
  }
  return { split: at.split, episode: episode.id, offered: capabilityNames.filter((c) => !missing[c]), missing };
}

/** The result of an optional method, or why it failed (a throwing expert() means no expert, not a broken env). */
async function optional<T>(what: string, run: () => Promise<T>): Promise<{ value: T } | { failure: string }> {
  try {
    return { value: await run() };
  } catch (e) {
    return { failure: `${what} threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function planSteps(plan: Demonstration | null | undefined): { action: string; progress: string }[] {
  if (!plan || !Array.isArray(plan.subtasks)) return [];
  const steps = plan.subtasks.flatMap((s) => (Array.isArray(s?.steps) ? s.steps : []));
  return steps.every((s) => typeof s?.action === 'string') ? steps : [];
}

/** What an agent needs of an env with these options; `requires` absent means nothing. */
export function requiredCapabilities(plugin: AgentPlugin, options: Record<string, unknown>, trains: boolean): EnvCapability[] {
  return plugin.requires?.(options, { trains }) ?? [];
}

/** One need of an agent plugin: a capability, and when it needs it (always, to train, or with an option set so). */
export interface AgentNeed {
  capability: EnvCapability;
  when: 'always' | 'training' | { option: string; value: unknown };
}

/** `to train`, `with subtaskProposals: env`; empty for a need that always holds. */
export function conditionText(when: AgentNeed['when']): string {
  if (when === 'always') return '';
  if (when === 'training') return 'to train';
  return `with ${when.option}: ${when.value}`;
}

/**
 * What an agent needs of an env with its default options, and under which single change it needs more: when it
 * trains, or with one boolean or enumerated option set otherwise (`subtaskProposals: env`). For `list` and for
 * saying which agents an env's missing capabilities rule out.
 */
export function agentNeeds(plugin: AgentPlugin): AgentNeed[] {
  const defaults = defaultOptions(plugin);
  const needs: AgentNeed[] = [];
  const add = (capabilities: EnvCapability[], when: AgentNeed['when']) => {
    for (const capability of capabilities) if (!needs.some((n) => n.capability === capability)) needs.push({ capability, when });
  };
  add(requiredCapabilities(plugin, defaults, false), 'always');
  add(requiredCapabilities(plugin, defaults, true), 'training');
  for (const [option, values] of switchableOptions(plugin)) {
    for (const value of values) {
      if (value !== defaults[option]) add(requiredCapabilities(plugin, { ...defaults, [option]: value }, true), { option, value });
    }
  }
  return needs;
}

/** The options a suite gets by writing none: the schema's defaults (required options stay absent). */
function defaultOptions(plugin: AgentPlugin): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (plugin.optionsSchema) compileSchema(plugin.optionsSchema)(options);
  return options;
}

/** Top-level options with a few possible values (booleans and enumerations), with those values. */
function switchableOptions(plugin: AgentPlugin): [string, unknown[]][] {
  const properties = (plugin.optionsSchema?.properties ?? {}) as Record<string, { type?: unknown; enum?: unknown[] }>;
  return Object.entries(properties).flatMap(([name, schema]): [string, unknown[]][] => {
    if (Array.isArray(schema.enum)) return [[name, schema.enum]];
    if (schema.type === 'boolean') return [[name, [true, false]]];
    return [];
  });
}

/** The agents that need a capability, each with its condition: `oracle`, `hrl (to train)`. */
export function agentsNeeding(capability: EnvCapability, agents: AgentPlugin[]): string[] {
  return agents.flatMap((agent) =>
    agentNeeds(agent)
      .filter((need) => need.capability === capability)
      .map((need) => (need.when === 'always' ? agent.name : `${agent.name} (${conditionText(need.when)})`)),
  );
}

/**
 * What an env that lacks `missing` rules out, as a sentence: `oracle cannot run on it; hrl and vanilla-rl
 * cannot train on it`. Empty when no agent needs any of them.
 */
export function ruledOut(missing: EnvCapability[], agents: AgentPlugin[]): string {
  const byCondition = new Map<string, string[]>();
  for (const agent of agents) {
    const conditions = new Set(
      agentNeeds(agent)
        .filter((n) => missing.includes(n.capability))
        .map((n) => conditionText(n.when)),
    );
    // An agent that cannot run on the env at all is not also listed as unable to train on it.
    for (const condition of conditions.has('') ? [''] : conditions) {
      const list = byCondition.get(condition) ?? [];
      byCondition.set(condition, [...list, agent.name]);
    }
  }
  const phrase = (condition: string) =>
    condition === '' ? 'cannot run on it' : condition === 'to train' ? 'cannot train on it' : `cannot run on it ${condition}`;
  const order = (condition: string) => (condition === '' ? 0 : condition === 'to train' ? 1 : 2);
  return [...byCondition]
    .sort(([a], [b]) => order(a) - order(b))
    .map(([condition, names]) => `${andList(names)} ${phrase(condition)}`)
    .join('; ');
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
