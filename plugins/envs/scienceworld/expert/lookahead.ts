/**
 * The expert's foresight: copy the world, change the copy (put a pot on a heater, say) and let time run to
 * see how many ticks a change of state would take. The live episode is never touched.
 */
import { tickPart, tickWorld } from '../world/tick.ts';
import type { World } from '../world/world.ts';

/**
 * Ticks until `done(copy)` holds (0 if it already does), or Infinity within `limit`. With `part`, only that
 * thing and its contents are simulated (see `tickPart`), which is much cheaper.
 */
export function ticksUntil(w: World, done: (copy: World) => boolean, prepare?: (copy: World) => void, limit = 150, part?: number): number {
  const copy = w.clone();
  prepare?.(copy);
  for (let t = 0; t <= limit; t++) {
    if (done(copy)) return t;
    if (part === undefined) tickWorld(copy);
    else tickPart(copy, part);
  }
  return Infinity;
}
