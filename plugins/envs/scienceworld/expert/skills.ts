/**
 * Reusable pieces of expert behaviour, each one subtask: fetch a thing (opening what hides it), fill a pot
 * with water, focus, heat or cool something on the best appliance, and watch the thermometer until a change
 * of state happens. Tasks compose them.
 */
import { feedbackName } from '../world/text.ts';
import type { Thing, World } from '../world/world.ts';
import { called, type Expert, ExpertError } from './expert.ts';
import { ticksUntil } from './lookahead.ts';
import { distance } from './navigation.ts';

/** The closed containers between a thing and its location, outermost first. */
export function closedAround(w: World, id: number): Thing[] {
  const out: Thing[] = [];
  let cur = w.get(id).parent;
  for (let guard = 0; cur >= 0 && guard < 20; guard++) {
    const c = w.get(cur);
    if (w.isLocation(c)) break;
    if (c.container && !c.container.open) out.unshift(c);
    cur = c.parent;
  }
  return out;
}

export function inInventory(x: Expert, id: number): boolean {
  return x.w.isInside(id, x.w.inventory.id);
}

/**
 * `find(<what>)`: goes where the thing is (if `travel`), opens what hides it and picks it up. Returns the
 * thing's id. The search is recorded with `[Checked: …]`.
 */
export function fetch(x: Expert, thing: Thing, what = thing.name, travel = true): number {
  if (inInventory(x, thing.id)) return thing.id;
  const location = x.w.locationOf(thing.id);
  if (!location) throw new ExpertError(`${what} is nowhere`);
  if (travel) x.goTo(location.name);
  x.begin(`find(${what})`, 'search');
  const hiders = closedAround(x.w, thing.id);
  if (!hiders.length) x.checked();
  for (const c of hiders) {
    x.checked(c.name);
    x.act(`open ${x.ref(c.id)}`, `Opened the ${c.name}, and the ${what} is inside.`);
  }
  x.act(`pick up ${x.ref(thing.id)}`, `Found the ${what} and took it; the search is complete.`);
  return thing.id;
}

/** `pick up(thermometer)`, fetching the nearest thermometer. Returns its id, or null if there is none. */
export function takeThermometer(x: Expert): number | null {
  const held = x.all((t) => t.kind === 'thermometer' && inInventory(x, t.id));
  if (held.length) return held[0].id;
  const candidates = x.all((t) => t.kind === 'thermometer' && x.w.locationOf(t.id) !== null);
  if (!candidates.length) return null;
  const here = x.here().id;
  candidates.sort((a, b) => distance(x.w, here, x.w.locationOf(a.id)!.id) - distance(x.w, here, x.w.locationOf(b.id)!.id));
  const t = candidates[0];
  x.goTo(x.w.locationOf(t.id)!.name);
  if (closedAround(x.w, t.id).length) return fetch(x, t, 'thermometer', false);
  x.begin('pick up(thermometer)');
  x.act(`pick up ${x.ref(t.id)}`, 'The thermometer is now in the inventory.');
  return t.id;
}

/**
 * `focus on(<referent>)`, naming the thing as the valid actions do (`focus on crocodile`, not the
 * `crocodile egg` it is shown as): an agent choosing among the valid actions must be able to take the step.
 */
export function focusOn(x: Expert, id: number, label?: string): void {
  const ref = x.ref(id);
  x.begin(`focus on(${ref})`);
  // Two things nothing tells apart (two apples grown at once) get ScienceWorld's "which one?": pick this one.
  x.actOn(`focus on ${ref}`, id, label ?? `Focused on the ${called(x, x.w.get(id))}, the object of the task.`);
}

/** A working tap, preferring this location, then the nearest one. */
function workingSink(x: Expert): Thing {
  const sinks = x.all((t) => t.kind === 'sink' && t.name === 'sink' && !t.device!.broken && x.w.locationOf(t.id) !== null);
  const here = x.here().id;
  sinks.sort((a, b) => distance(x.w, here, x.w.locationOf(a.id)!.id) - distance(x.w, here, x.w.locationOf(b.id)!.id) || a.id - b.id);
  if (!sinks.length) throw new ExpertError('no working sink');
  return sinks[0];
}

/** `Fill(<vessel>, water)` at the nearest working sink. Returns the id of the water. */
export function fillWithWater(x: Expert, vessel: number): number {
  const sink = workingSink(x);
  x.goTo(x.w.locationOf(sink.id)!.name);
  const vesselName = x.w.get(vessel).name;
  x.begin(`Fill(${vesselName}, water)`);
  x.act(`move ${x.ref(vessel)} to ${x.ref(sink.id)}`, `The ${vesselName} is in the ${sink.name}.`);
  x.act(`activate ${x.ref(sink.id)}`, `The ${sink.name} is running and the ${vesselName} fills with water.`);
  x.act(`deactivate ${x.ref(sink.id)}`, `The ${sink.name} is off; the ${vesselName} holds water.`);
  x.act(`pick up ${x.ref(vessel)}`, `The ${vesselName}, full of water, is in the inventory.`);
  const water = x.w.get(vessel).contents.find((id) => x.w.get(id).material?.substance === 'water');
  if (water === undefined) throw new ExpertError('the pot did not fill');
  return water;
}

/** The thing with this name the task is about, preferring one in view. */
export function findSubstance(x: Expert, name: string): Thing {
  const candidates = x.named(name).filter((t) => x.w.locationOf(t.id) !== null);
  if (!candidates.length) throw new ExpertError(`no ${name} anywhere`);
  return candidates.find((t) => x.s.currentScope().has(t.id)) ?? candidates[candidates.length - 1];
}

/**
 * Gets a substance into a metal pot the agent carries: water from a sink, a liquid poured from its cup, a
 * solid moved in (a substance already in a metal pot keeps its pot). `onHeld` runs once the substance is in
 * hand (the tasks focus on it then). Returns the substance and the pot.
 */
export function obtainInPot(x: Expert, name: string, onHeld: (substance: number) => void): { substance: number; vessel: number } {
  const pot = x.all((t) => t.name === 'metal pot' && x.w.locationOf(t.id)?.name === 'kitchen' && t.contents.length === 0)[0];
  if (!pot) throw new ExpertError('no empty metal pot in the kitchen');
  if (name === 'water') {
    fetch(x, pot, 'metal pot');
    const water = fillWithWater(x, pot.id);
    onHeld(water);
    return { substance: water, vessel: pot.id };
  }
  const target = findSubstance(x, name);
  const holder = x.w.get(target.parent);
  const liquid = target.material!.state !== 'solid';
  const inPot = holder.name === 'metal pot';
  if (!inPot) fetch(x, pot, 'metal pot');
  const carried = fetch(x, liquid || inPot ? holder : target, name);
  onHeld(target.id);
  if (inPot) return { substance: target.id, vessel: carried };
  const potName = x.w.get(pot.id).name;
  if (liquid) {
    x.begin(`pour(${x.w.get(carried).name}, ${potName})`);
    x.act(`pour ${x.ref(carried)} into ${x.ref(pot.id)}`, `The ${called(x, target)} is now in the ${potName}.`);
  } else {
    x.begin(`put(${called(x, target)}, ${potName})`);
    x.act(`move ${x.ref(target.id)} to ${x.ref(pot.id)}`, `The ${called(x, target)} is now in the ${potName}.`);
  }
  return { substance: target.id, vessel: pot.id };
}

// ─────────────────────────────── heating and cooling ───────────────────────────────

export type Condition = (w: World) => boolean;

interface Appliance {
  thing: Thing;
  location: Thing;
}

function appliances(x: Expert, kinds: string[], names: string[]): Appliance[] {
  return x
    .all((t) => kinds.includes(t.kind) && names.includes(t.name) && !t.device?.broken)
    .map((thing) => ({ thing, location: x.w.locationOf(thing.id)! }))
    .filter((a) => a.location);
}

/** Steps a watch of `ticks` ticks costs (a reading and a wait per stretch). */
function watchCost(ticks: number): number {
  return 2 * Math.ceil(ticks / 12) + 1;
}

/** The appliance that reaches `goal` soonest, counting the walk there (lookahead on a copy of the world). */
function bestAppliance(x: Expert, options: Appliance[], vessel: number, goal: Condition): Appliance {
  let best: Appliance | undefined;
  let bestCost = Infinity;
  const here = x.here().id;
  for (const option of options) {
    const ticks = ticksUntil(
      x.w,
      goal,
      (copy) => {
        const a = copy.get(option.thing.id);
        if (a.container) a.container.open = true;
        if (a.device?.activable) a.device.activated = true;
        copy.put(vessel, a.id);
      },
      100,
      option.thing.id,
    );
    const walk = 2 * distance(x.w, here, option.location.id);
    const opening = option.thing.container && !option.thing.container.open ? 1 : 0;
    // The stove is the everyday heater: other appliances must be strictly quicker to be chosen.
    const habit = option.thing.kind === 'stove' ? 0 : 1;
    const cost = walk + opening + habit + 3 + watchCost(ticks);
    if (cost < bestCost) {
      best = option;
      bestCost = cost;
    }
  }
  if (!best || bestCost === Infinity) throw new ExpertError('no appliance can make that change');
  return best;
}

export const HEATERS = { kinds: ['stove', 'oven'], names: ['stove', 'oven', 'blast furnace'] };
export const COOLERS = { kinds: ['cooler'], names: ['fridge', 'freezer', 'ultra low temperature freezer'] };

/**
 * `heat(<substance>, <vessel>)` or `cool(…)`: carries the vessel to the appliance that gets the substance
 * to `goal` soonest, puts it in and turns the appliance on. Returns the appliance.
 */
export function treat(x: Expert, how: 'heat' | 'cool', substance: number, vessel: number, goal: Condition): Thing {
  const pool = how === 'heat' ? HEATERS : COOLERS;
  const choice = bestAppliance(x, appliances(x, pool.kinds, pool.names), vessel, goal);
  const appliance = choice.thing;
  if (!inInventory(x, vessel)) {
    x.begin(`pick up(${x.w.get(vessel).name})`);
    x.act(`pick up ${x.ref(vessel)}`, `Took the ${x.w.get(vessel).name} back into the inventory.`);
  }
  x.goTo(choice.location.name);
  const vesselName = x.w.get(vessel).name;
  x.begin(`${how}(${called(x, x.w.get(substance))}, ${vesselName})`);
  if (appliance.container && !appliance.container.open) x.act(`open ${x.ref(appliance.id)}`, `The ${appliance.name} is open.`);
  const where = appliance.kind === 'stove' ? 'on' : 'in';
  x.act(`move ${x.ref(vessel)} to ${x.ref(appliance.id)}`, `The ${vesselName} is ${where} the ${appliance.name}.`);
  if (appliance.device?.activable && !appliance.device.activated) {
    x.act(`activate ${x.ref(appliance.id)}`, `The ${appliance.name} is on and ${how === 'heat' ? 'heating' : 'cooling'} the ${vesselName}.`);
  }
  return appliance;
}

/**
 * `Monitor temperature(<vessel>, <goal word>)`: reads the thermometer and waits (long or short waits,
 * as foresight says the change is far or near) until `goal` holds or the task is done.
 */
export function monitor(x: Expert, substance: number, vessel: number, goalWord: string, goal: Condition, thermometer: number | null): void {
  if (goal(x.w) || x.done) return;
  x.begin(`Monitor temperature(${x.w.get(vessel).name}, ${goalWord})`);
  const watch = { last: stateOf(x, substance) };
  for (let guard = 0; guard < 40 && !x.done && !goal(x.w); guard++) {
    const s = x.w.get(substance);
    if (thermometer !== null && !s.deleted && x.s.currentScope().has(substance)) {
      x.act(`use ${x.ref(thermometer)} on ${x.ref(substance)}`, (o) => reading(x, substance, o.observation, watch));
      if (x.done || goal(x.w)) break;
    }
    // Only whether the change is 11+ ticks away (a long wait) or 2+ (a short one) matters. Rooms do not
    // exchange heat, so simulating the vessel's room alone is exact (and much cheaper than the house).
    const room = x.w.locationOf(vessel);
    const ahead = ticksUntil(x.w, goal, undefined, 12, room ? room.id : undefined);
    if (ahead >= 11 || thermometer === null) x.act('wait', () => `Waited ten ticks; ${stateLine(x, substance, watch)}`);
    else if (ahead >= 2) x.act('wait1', () => `Waited a moment; ${stateLine(x, substance, watch)}`);
  }
  if (!x.done && !goal(x.w)) throw new ExpertError(`${goalWord} did not happen`);
}

function stateOf(x: Expert, id: number): string {
  const t = x.w.get(id);
  if (t.deleted) return 'gone';
  return t.material!.combusting ? 'burning' : t.material!.state;
}

/** How the substance is now, said against how it was at the previous label. */
function stateLine(x: Expert, id: number, watch: { last: string }): string {
  const now = stateOf(x, id);
  const changed = now !== watch.last;
  watch.last = now;
  if (now === 'gone') return 'the substance has burned away.';
  const name = feedbackName(x.w, x.w.get(id));
  if (now === 'burning') return changed ? `the ${name} has caught fire.` : `the ${name} is still burning.`;
  const state = now === 'gas' ? 'a gas' : `a ${now}`;
  return changed ? `the ${name} has become ${state}.` : `the ${name} is still ${state}.`;
}

/** The label after a reading: the measured temperature (as the observation says) and the state now. */
function reading(x: Expert, id: number, observation: string, watch: { last: string }): string {
  const measured = /temperature of (-?\d+) degrees/.exec(observation);
  if (!measured) return observation;
  return `The thermometer shows ${measured[1]} degrees celsius; ${stateLine(x, id, watch)}`;
}

/** Conditions on a substance (by id) for the change-of-state goals. */
export const reach = {
  state:
    (id: number, state: 'solid' | 'liquid' | 'gas', combustionCounts = false): Condition =>
    (w) => {
      const t = w.get(id);
      if (t.deleted) return combustionCounts;
      return t.material!.state === state || (combustionCounts && t.material!.combusting);
    },
  notState:
    (id: number, state: 'solid' | 'liquid' | 'gas'): Condition =>
    (w) =>
      !w.get(id).deleted && w.get(id).material!.state !== state,
};
