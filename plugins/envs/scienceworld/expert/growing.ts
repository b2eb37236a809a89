/**
 * Expert skills for growing plants, each one subtask: fetch the seed jar, get soil into flower pots (from
 * the floor, or dug up outside with the shovel), plant a seed, water a pot from the jug at a running sink,
 * wait for a plant to reach a stage, and let the bees out to pollinate.
 */
import { currentStageName } from '../world/life.ts';
import type { Thing } from '../world/world.ts';
import { called, type Expert, ExpertError } from './expert.ts';
import { inInventory } from './skills.ts';
import { type Condition, waitUntil } from './waiting.ts';

/** `find(seed jar)`: goes to where the seeds are and takes the jar. */
export function fetchSeedJar(x: Expert, location: string): Thing {
  const jar = x.all((t) => t.name === 'seed jar')[0];
  if (!jar) throw new ExpertError('no seed jar');
  if (inInventory(x, jar.id)) return jar;
  x.goTo(location);
  x.begin('find(seed jar)', 'search');
  x.checked();
  x.act(`pick up ${x.ref(jar.id)}`, `Found the seed jar in the ${location} and took it; the search is complete.`);
  return jar;
}

function hasSoil(x: Expert, pot: Thing): boolean {
  return pot.contents.some((id) => x.w.get(id).name === 'soil');
}

/** Soil lying loose here (not in a pot or held). */
function looseSoil(x: Expert): Thing[] {
  return x.visible((t) => t.name === 'soil' && (t.parent === x.here().id || inInventory(x, t.id)));
}

/**
 * Gets soil into each pot (in the greenhouse): soil from the floor if there is some, else dug outside with
 * the shovel, all in one trip.
 */
export function soilPots(x: Expert, pots: Thing[]): void {
  const bare = pots.filter((p) => !hasSoil(x, p));
  if (bare.length === 0) return;
  const here = x.here().name;
  const needed = bare.length - looseSoil(x).length;
  if (needed > 0) {
    const shovel = x.all((t) => t.name === 'shovel')[0];
    if (!shovel) throw new ExpertError('no shovel to dig soil');
    if (x.w.locationOf(shovel.id)?.name === here && !inInventory(x, shovel.id)) {
      x.begin('pick up(shovel)');
      x.act(`pick up ${x.ref(shovel.id)}`, 'The shovel is in the inventory, ready to dig.');
    }
    x.goTo('outside');
    x.begin('dig(soil)');
    for (let i = 0; i < needed; i++) {
      x.act(`use ${x.ref(shovel.id)} on ${x.ref(x.visible((t) => t.kind === 'ground')[0].id)}`, 'Dug a hole in the ground; the soil lies beside it.');
      const soil = x.visible((t) => t.name === 'soil' && t.parent === x.here().id)[0];
      x.act(`pick up ${x.ref(soil.id)}`, `Took the soil (${i + 1} of ${needed}).`);
    }
    x.goTo(here);
  }
  for (const pot of bare) {
    const soil = looseSoil(x)[0];
    if (!soil) throw new ExpertError('ran out of soil');
    x.begin(`put(soil, ${pot.name})`);
    x.actOn(`move ${x.ref(soil.id)} to ${x.ref(pot.id)}`, soil.id, `The ${pot.name} now holds soil.`);
  }
}

/** `plant(<seed>, <pot>)`: moves one seed from the jar into the pot. Returns the seed. */
export function plantSeed(x: Expert, jar: Thing, pot: Thing): Thing {
  const seed = x.w.get(jar.contents.find((id) => x.w.get(id).kind === 'plant')!);
  if (!seed) throw new ExpertError('the seed jar is empty');
  const name = called(x, seed);
  x.begin(`plant(${name}, ${pot.name})`);
  // The jar's seeds are all alike: name one as the valid actions do, and answer ScienceWorld's "which one?".
  x.actOn(`move ${x.ref(seed.id)} to ${x.ref(pot.id)}`, seed.id, `The ${name} is planted in the soil of the ${pot.name}.`);
  return seed;
}

/** The jug the pots are watered from, and the sink that fills it. */
function wateringKit(x: Expert): { jug: Thing; sink: Thing } {
  const jug = x.visible((t) => t.name === 'jug')[0];
  const sink = x.visible((t) => t.kind === 'sink' && t.name === 'sink' && !t.device!.broken)[0];
  if (!jug || !sink) throw new ExpertError('no jug or sink here');
  return { jug, sink };
}

function holdsWater(x: Expert, t: Thing): boolean {
  return t.contents.some((id) => x.w.get(id).material?.substance === 'water');
}

/**
 * `water(<pot>)`: pours a jug of water into the pot. The jug stands in the running sink, which refills it
 * after every pour; the first watering puts it there and turns the tap on.
 */
export function waterPot(x: Expert, pot: Thing): void {
  const { jug, sink } = wateringKit(x);
  x.begin(`water(${pot.name})`);
  if (jug.parent !== sink.id) x.act(`move ${x.ref(jug.id)} to ${x.ref(sink.id)}`, 'The jug stands in the sink.');
  if (!sink.device!.activated) x.act(`activate ${x.ref(sink.id)}`, 'The tap is running and fills the jug with water.');
  if (!holdsWater(x, jug)) throw new ExpertError('the jug did not fill');
  x.act(`pour ${x.ref(jug.id)} into ${x.ref(pot.id)}`, `The ${pot.name} is watered.`);
}

/** How a plant is doing, for progress labels. */
export function plantState(x: Expert, plant: Thing): string {
  if (plant.deleted) return 'the plant is gone';
  const life = plant.life!;
  if (life.dead) return `the ${called(x, plant)} has died`;
  return `the ${called(x, plant)} is in the ${currentStageName(plant)} stage`;
}

/** `Monitor growth(<pot>, <what>)`: waits until `goal` holds, watching the plant in the pot. */
export function monitorGrowth(x: Expert, pot: Thing, what: string, plant: Thing, goal: Condition, limit = 120): void {
  if (x.done || goal(x.w)) return;
  x.begin(`Monitor growth(${pot.name}, ${what})`);
  waitUntil(x, goal, `${what} in the ${pot.name}`, {
    limit,
    local: true,
    glance: `look at ${x.ref(pot.id)}`,
    label: (_, ticks) => `${ticks === 11 ? 'Waited ten ticks' : ticks === 2 ? 'Waited a moment' : 'Looked at the pot'}; ${plantState(x, plant)}.`,
  });
}

/** `close(<door>)` for each open door of this room, so the bees stay in. */
export function closeDoors(x: Expert): void {
  const here = x.here();
  for (const p of here.portals ?? []) {
    const door = x.w.get(p);
    if (door.kind !== 'door' || !door.portal!.open) continue;
    const ref = x.ref(door.id);
    x.begin(`close(${ref})`);
    x.act(`close ${ref}`, `Closed the ${ref} so the bees cannot fly off.`);
  }
}

/** `open(bee hive)`: lets the bees out to carry pollen between the flowers. */
export function releaseBees(x: Expert): void {
  const hive = x.visible((t) => t.name === 'bee hive')[0];
  if (!hive) throw new ExpertError('no bee hive here');
  if (hive.container!.open) return;
  x.begin('open(bee hive)');
  x.act(`open ${x.ref(hive.id)}`, 'The bee hive is open; the bees can reach the flowers.');
}
