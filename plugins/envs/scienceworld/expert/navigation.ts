/** Shortest routes between locations through doors (breadth first, neighbours in name order). */
import type { World } from '../world/world.ts';

export interface Hop {
  door: number;
  to: number;
}

export function route(w: World, from: number, to: number): Hop[] | null {
  if (from === to) return [];
  const previous = new Map<number, Hop & { from: number }>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length) {
    const at = queue.shift()!;
    const exits = (w.get(at).portals ?? [])
      .map((p) => w.get(p))
      .filter((p) => p.kind === 'door')
      .map((door) => ({ door: door.id, to: w.across(door, at) }))
      .sort((a, b) => (w.get(a.to).name < w.get(b.to).name ? -1 : 1));
    for (const exit of exits) {
      if (seen.has(exit.to)) continue;
      seen.add(exit.to);
      previous.set(exit.to, { ...exit, from: at });
      if (exit.to === to) {
        const hops: Hop[] = [];
        for (let cur = to; cur !== from; ) {
          const step = previous.get(cur)!;
          hops.unshift({ door: step.door, to: step.to });
          cur = step.from;
        }
        return hops;
      }
      queue.push(exit.to);
    }
  }
  return null;
}

/** Number of doors between two locations. */
export function distance(w: World, from: number, to: number): number {
  return route(w, from, to)?.length ?? Infinity;
}
