import type { TokenizerName } from '../tokens/tokenizers.ts';

/** A suite after validation: defaults filled in, ids assigned, plugin options validated. Plain data. */
export interface SuiteSpec {
  name: string;
  description?: string;
  seeds: number[];
  stepLimit: number;
  stepTimeoutMs: number;
  tokenizer: TokenizerName;
  envs: EnvEntry[];
  agents: AgentEntry[];
  metrics: PluginEntry[];
  reports: PluginEntry[];
}

export interface PluginEntry {
  use: string;
  options: Record<string, unknown>;
}

export interface SplitEntry {
  /** The name the suite gives the split (a key under `splits`). */
  name: string;
  /** The env's split name. */
  split: string;
  limit?: number;
}

export interface EnvEntry extends PluginEntry {
  id: string;
  /** Maximum actions per episode on this env (the suite's `stepLimit` unless the entry sets its own). */
  stepLimit: number;
  train: SplitEntry;
  eval: SplitEntry[];
}

export interface AgentEntry extends PluginEntry {
  id: string;
  /** `false`: no training. Otherwise the suite's settings (validated against the agent's trainSchema). */
  train: false | TrainEntry;
}

export interface TrainEntry {
  /** Load checkpoints from this run folder instead of training. */
  from?: string;
  settings: Record<string, unknown>;
}
