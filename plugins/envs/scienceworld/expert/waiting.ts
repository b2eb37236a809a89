/**
 * Expert skill: let time pass until something happens (a seedling sprouts, an egg hatches, a fruit grows),
 * in as few steps as a player could: `wait` passes eleven ticks, `wait1` two, and looking at something one.
 * Foresight runs the world forward on a copy once, notes the ticks at which the condition holds, and picks
 * the shortest run of those actions that lands on one of them — so a window that opens and closes (an
 * adult plant that soon reproduces) is hit, not jumped over.
 */
import type { Outcome } from '../engine/session.ts';
import { tickPart, tickWorld } from '../world/tick.ts';
import type { World } from '../world/world.ts';
import { type Expert, ExpertError } from './expert.ts';

export type Condition = (w: World) => boolean;

/** Ticks each waiting action passes. */
const WAITS = [
  { action: 'wait', ticks: 11 },
  { action: 'wait1', ticks: 2 },
] as const;

/**
 * For each tick offset 0…limit, whether `goal` holds then (simulated on a copy of the world). With `part`,
 * only that location is simulated: exact when what the goal looks at lives there and nothing crosses its
 * closed doors (rooms do not exchange heat, and the bees, the only random movers, stay in their room).
 */
export function timeline(w: World, goal: Condition, limit: number, part?: number): boolean[] {
  const copy = w.clone();
  const out: boolean[] = [];
  for (let t = 0; t <= limit; t++) {
    if (t > 0) {
      if (part === undefined) tickWorld(copy);
      else tickPart(copy, part);
    }
    out.push(goal(copy));
  }
  return out;
}

/**
 * The fewest waiting actions (tick counts from `sizes`) whose ticks add up to an offset at which the
 * timeline holds; ties go to the earliest offset. Returns the tick counts in order, or null.
 */
export function shortestWait(holds: readonly boolean[], sizes: readonly number[]): number[] | null {
  const steps = new Array<number>(holds.length).fill(Infinity);
  const via = new Array<number>(holds.length).fill(0);
  steps[0] = 0;
  for (let t = 0; t < holds.length; t++) {
    if (steps[t] === Infinity) continue;
    for (const size of sizes) {
      const next = t + size;
      if (next < holds.length && steps[t] + 1 < steps[next]) {
        steps[next] = steps[t] + 1;
        via[next] = size;
      }
    }
  }
  let best = -1;
  for (let t = 0; t < holds.length; t++) if (holds[t] && steps[t] !== Infinity && (best < 0 || steps[t] < steps[best])) best = t;
  if (best < 0) return null;
  const out: number[] = [];
  for (let t = best; t > 0; t -= via[t]) out.unshift(via[t]);
  return out;
}

export interface WaitOptions {
  /** A one-tick action that changes nothing (`look at …`), for landing on the exact tick; none if absent. */
  glance?: string;
  /** How far ahead to look (ticks). */
  limit?: number;
  /** Simulate only the agent's location (see `timeline`). */
  local?: boolean;
  /** The progress label after each waiting step. */
  label: (o: Outcome, ticks: number) => string;
}

/** Waits until `goal` holds (or the task is done). Throws if foresight sees no way within the limit. */
export function waitUntil(x: Expert, goal: Condition, what: string, options: WaitOptions): void {
  if (x.done || goal(x.w)) return;
  const holds = timeline(x.w, goal, options.limit ?? 120, options.local ? x.here().id : undefined);
  const sizes = options.glance ? [...WAITS.map((w) => w.ticks), 1] : WAITS.map((w) => w.ticks);
  const plan = shortestWait(holds, sizes);
  if (!plan) throw new ExpertError(`${what} does not happen within ${options.limit ?? 120} ticks`);
  for (const ticks of plan) {
    if (x.done) return;
    const action = ticks === 1 ? options.glance! : WAITS.find((w) => w.ticks === ticks)!.action;
    x.act(action, (o) => options.label(o, ticks));
  }
  if (!x.done && !goal(x.w)) throw new ExpertError(`${what} did not happen as foreseen`);
}
