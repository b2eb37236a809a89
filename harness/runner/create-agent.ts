import { type Agent, type AgentContext, type AgentPlugin, hashSeed } from '../api.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import type { AgentUnit } from './plan.ts';

/** What creating an agent needs: which agent, on which env, under which seed (workers create agents too). */
export interface AgentIdentity {
  seed: number;
  env: string;
  envPlugin: string;
  agent: string;
  agentOptions: Record<string, unknown>;
  plugin: AgentPlugin;
}

export function identityOf(unit: AgentUnit): AgentIdentity {
  return {
    seed: unit.seed,
    env: unit.env.id,
    envPlugin: unit.envPlugin.plugin.name,
    agent: unit.agent.id,
    agentOptions: unit.agent.options,
    plugin: unit.agentPlugin.plugin,
  };
}

export function createAgent(who: AgentIdentity, counter: TokenCounter, recordRuntime: AgentContext['recordRuntime'], dryRun = false): Promise<Agent> {
  const ctx: AgentContext = {
    ...(dryRun ? { dryRun } : {}),
    seed: hashSeed(who.seed, who.env, who.agent),
    env: who.env,
    agent: who.agent,
    envPlugin: who.envPlugin,
    countTokens: (text) => counter.count(text),
    recordRuntime,
  };
  return Promise.resolve(who.plugin.create(who.agentOptions, ctx));
}
