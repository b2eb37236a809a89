/**
 * Which ScienceWorld task and variation each data index of AgentGym's `agentenv-sciworld` server holds. The
 * server numbers the variations of every task in ScienceWorld's task order, leaving out tasks 5-*, 9-* and
 * 10-*; the variation counts are ScienceWorld's (its README's task table). The server reports the task and
 * variation it loaded on every reset, and the plugin checks them against this table, so a server built on
 * another ScienceWorld cannot mislabel episodes silently.
 */
const TASKS: [id: string, name: string, variations: number][] = [
  ['1-1', 'boil', 30],
  ['1-2', 'melt', 30],
  ['1-3', 'freeze', 30],
  ['1-4', 'change-the-state-of-matter-of', 30],
  ['2-1', 'use-thermometer', 540],
  ['2-2', 'measure-melting-point-known-substance', 436],
  ['2-3', 'measure-melting-point-unknown-substance', 300],
  ['3-1', 'power-component', 20],
  ['3-2', 'power-component-renewable-vs-nonrenewable-energy', 20],
  ['3-3', 'test-conductivity', 900],
  ['3-4', 'test-conductivity-of-unknown-substances', 600],
  ['4-1', 'find-living-thing', 300],
  ['4-2', 'find-non-living-thing', 300],
  ['4-3', 'find-plant', 300],
  ['4-4', 'find-animal', 300],
  ['6-1', 'chemistry-mix', 32],
  ['6-2', 'chemistry-mix-paint-secondary-color', 36],
  ['6-3', 'chemistry-mix-paint-tertiary-color', 36],
  ['7-1', 'lifespan-longest-lived', 125],
  ['7-2', 'lifespan-shortest-lived', 125],
  ['7-3', 'lifespan-longest-lived-then-shortest-lived', 125],
  ['8-1', 'identify-life-stages-1', 14],
  ['8-2', 'identify-life-stages-2', 10],
];

export interface SciworldGame {
  /** `1-1 boil`: the task id and name, as the harness's per-task tables show it. */
  task: string;
  name: string;
  variation: number;
}

/** Total data indices of the server (4,639 with ScienceWorld 1.x). */
export const SCIWORLD_GAMES = TASKS.reduce((n, [, , count]) => n + count, 0);

export function sciworldGame(index: number): SciworldGame | undefined {
  let rest = index;
  for (const [id, name, count] of TASKS) {
    if (rest < count) return { task: `${id} ${name}`, name, variation: rest };
    rest -= count;
  }
  return undefined;
}
