/**
 * One colour per agent, used by every chart and table of a report so an agent is recognisable at a glance.
 * Colours follow the suite's agent order; reference rows without learning (random, oracle) get greys so
 * the learned agents stand out.
 */
const categorical = ['#4c78a8', '#f58518', '#e45756', '#54a24b', '#b279a2', '#72b7b2', '#eeca3b', '#9d755d', '#ff9da6', '#2f4b7c'];
const references: Record<string, string> = { random: '#a0a0a0', oracle: '#5c5c5c' };

export function agentColours(agents: readonly string[]): Record<string, string> {
  const colours: Record<string, string> = {};
  let next = 0;
  for (const agent of agents) {
    colours[agent] = references[agent] ?? categorical[next++ % categorical.length];
  }
  return colours;
}
