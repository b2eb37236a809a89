/**
 * Expert skills for chemistry, each one subtask: choose and fetch a container to mix in (the one that makes
 * the shortest trip, past a sink when water is needed), read the recipe, put ingredients in, pour liquids in,
 * and mix.
 */
import type { Thing } from '../world/world.ts';
import { called, type Expert, ExpertError } from './expert.ts';
import { route } from './navigation.ts';
import { closedAround, fetch, fillWithWater, inInventory } from './skills.ts';

/** Containers a player would mix in (not pots for plants, jars of seeds or the book shelf). */
export const MIXING_VESSELS = ['metal pot', 'glass cup', 'plastic cup', 'wood cup', 'tin cup', 'paper cup', 'ceramic cup', 'bowl', 'jug'];

/** Steps to walk from one location to another: one per door, one more to open each closed one. */
export function tripCost(x: Expert, from: number, to: number): number {
  const hops = route(x.w, from, to);
  if (!hops) return Infinity;
  return hops.reduce((n, h) => n + (x.w.get(h.door).portal!.open ? 1 : 2), 0);
}

function isEmpty(x: Expert, t: Thing): boolean {
  return t.contents.every((id) => x.w.get(id).hidden);
}

/** The nearest working tap to a location. */
function nearestSink(x: Expert, from: number): { sink: Thing; cost: number } | null {
  let best: { sink: Thing; cost: number } | null = null;
  for (const sink of x.all((t) => t.kind === 'sink' && t.name === 'sink' && !t.device!.broken)) {
    const at = x.w.locationOf(sink.id);
    if (!at) continue;
    const cost = tripCost(x, from, at.id);
    if (!best || cost < best.cost) best = { sink, cost };
  }
  return best;
}

/**
 * The empty container whose fetching (and filling, when `water`) takes the fewest steps on the way to
 * `destination`; ties go to the lower id.
 */
export function chooseVessel(x: Expert, destination: string, water: boolean): Thing {
  const here = x.here().id;
  const goal = x.location(destination).id;
  let best: Thing | undefined;
  let bestCost = Infinity;
  for (const cup of x.all((t) => !!t.data.cup && MIXING_VESSELS.includes(t.name) && t.movable && isEmpty(x, t))) {
    const at = x.w.locationOf(cup.id);
    if (!at || (cup.container!.closable && !cup.container!.open)) continue;
    let cost = inInventory(x, cup.id) ? 0 : tripCost(x, here, at.id) + closedAround(x.w, cup.id).length + 1;
    let from = inInventory(x, cup.id) ? here : at.id;
    if (water) {
      const tap = nearestSink(x, from);
      if (!tap) continue;
      cost += tap.cost + 4;
      from = x.w.locationOf(tap.sink.id)!.id;
    }
    cost += tripCost(x, from, goal);
    if (cost < bestCost) {
      best = cup;
      bestCost = cost;
    }
  }
  if (!best) throw new ExpertError('no empty container to mix in');
  return best;
}

/** Fetches the container (filling it with water when asked). Returns the water, if any. */
export function prepareVessel(x: Expert, vessel: Thing, water: boolean): Thing | undefined {
  fetch(x, vessel, vessel.name);
  if (!water) return undefined;
  return x.w.get(fillWithWater(x, vessel.id));
}

/** `read(recipe)`. */
export function readRecipe(x: Expert): void {
  const recipe = x.visible((t) => t.name === 'recipe')[0];
  if (!recipe) return;
  x.begin('read(recipe)');
  x.act(`read ${x.ref(recipe.id)}`, (o) => `Read the recipe: ${o.observation.split('\n').slice(1).join(' ')}`);
}

/** `put(<thing>, <container>)`: moves a solid ingredient into the container. */
export function putInto(x: Expert, thing: Thing, vessel: Thing): void {
  const name = called(x, thing);
  x.begin(`put(${name}, ${vessel.name})`);
  x.actOn(`move ${x.ref(thing.id)} to ${x.ref(vessel.id)}`, thing.id, `The ${name} is in the ${vessel.name}.`);
}

/** `pour(<cup>, <container>)`: pours what a cup holds into the container. */
export function pourInto(x: Expert, cup: Thing, vessel: Thing): void {
  const what = cup.contents.map((id) => called(x, x.w.get(id))).join(' and ');
  x.begin(`pour(${what}, ${vessel.name})`);
  x.actOn(`pour ${x.ref(cup.id)} into ${x.ref(vessel.id)}`, cup.id, `The ${what} went into the ${vessel.name}.`);
}

/** `mix(<container>)`. Returns what the mixing made (the container's contents after). */
export function mixContents(x: Expert, vessel: Thing): Thing[] {
  x.begin(`mix(${vessel.name})`);
  x.act(`mix ${x.ref(vessel.id)}`, (o) => `${o.observation.replace(/\.$/, '')} in the ${vessel.name}.`);
  return vessel.contents.map((id) => x.w.get(id)).filter((t) => !t.hidden);
}
