/**
 * Biology: plants grow from seed through seedling and adult to reproducing (needing water and soil in their
 * pot, and a temperature between 0 and 50 °C); reproducing plants flower; flowers make pollen, bees carry it
 * between flowers of the same species, and a pollinated flower becomes a fruit. Animals pass through the
 * stages of their life cycle (egg, hatchling, …) at ScienceWorld's pace and die after adulthood.
 */
import { food, flower as makeFlower, plant as makePlant, pollen as makePollen, plantName } from './kinds.ts';
import { nextFloat, nextInt } from './rng.ts';
import type { Thing, World } from './world.ts';

// ─────────────────────────────── animal cycles ───────────────────────────────

interface StageSpec {
  name: string;
  /** Ticks in this stage before the next one; 0 = stays forever. */
  duration: number;
  /** How an animal in this stage is called (default `<stage> <species>`, or `<species> egg`). */
  label?: (species: string) => string;
}

const dead = (name = 'dead'): StageSpec => ({ name, duration: 0, label: (s) => `dead ${s}` });

export const ANIMAL_CYCLES: Record<string, StageSpec[]> = {
  mammal: [{ name: 'baby', duration: 20 }, { name: 'juvenile', duration: 20 }, { name: 'adult', duration: 50 }, dead()],
  bird: [{ name: 'egg', duration: 20 }, { name: 'hatchling', duration: 20 }, { name: 'juvenile', duration: 20 }, { name: 'adult', duration: 50 }, dead()],
  reptile: [{ name: 'egg', duration: 20 }, { name: 'hatchling', duration: 20 }, { name: 'juvenile', duration: 20 }, { name: 'adult', duration: 50 }, dead()],
  butterfly: [
    { name: 'egg', duration: 20, label: (s) => `${s} egg` },
    { name: 'caterpillar', duration: 20, label: () => 'caterpillar' },
    { name: 'pupa', duration: 20, label: (s) => `${s} pupa` },
    { name: 'adult', duration: 50, label: (s) => `adult ${s}` },
    dead('death'),
  ],
  frog: [
    { name: 'egg', duration: 20, label: (s) => `${s} egg` },
    { name: 'tadpole', duration: 20, label: () => 'tadpole' },
    { name: 'adult', duration: 50, label: (s) => `adult ${s}` },
    dead('death'),
  ],
  insect: [{ name: 'adult', duration: 0 }, dead()],
};

export function animalStage(t: Thing): StageSpec {
  return ANIMAL_CYCLES[t.life!.cycle][t.life!.stage];
}

/** `baby wolf`, `parrot egg`, `caterpillar`, `adult bee`, … */
export function animalStageName(t: Thing): string {
  const stage = animalStage(t);
  const species = t.life!.species;
  if (stage.label) return stage.label(species);
  return stage.name === 'egg' ? `${species} egg` : `${stage.name} ${species}`;
}

export function stageIndex(cycle: string, stageName: string): number {
  if (cycle === 'plant') return ['seed', 'seedling', 'adult', 'reproducing', 'dead'].indexOf(stageName);
  return ANIMAL_CYCLES[cycle].findIndex((s) => s.name === stageName);
}

export function currentStageName(t: Thing): string {
  if (t.life!.cycle === 'plant') return ['seed', 'seedling', 'adult', 'reproducing', 'dead'][t.life!.stage];
  return animalStage(t).name;
}

function tickAnimal(w: World, t: Thing): void {
  const life = t.life!;
  const stage = animalStage(t);
  if (stage.duration === 0) {
    if (stage.name === 'dead' || stage.name === 'death') {
      life.dead = true;
      spill(w, t);
    }
    return;
  }
  life.progress++;
  if (life.progress >= stage.duration) setStage(w, t, life.stage + 1);
}

export function setStage(w: World, t: Thing, stage: number): void {
  const life = t.life!;
  life.stage = stage;
  life.progress = 0;
  if (t.kind === 'plant') {
    w.rename(t.id, plantName(t));
    t.edible = stage === 0;
  }
  w.changed(t.id);
}

function spill(w: World, t: Thing): void {
  if (t.parent < 0) return;
  for (const c of t.contents.slice()) {
    const inner = w.get(c);
    if (inner.kind === 'flower') {
      for (const cc of inner.contents.slice()) w.put(cc, t.parent);
      w.destroy(inner.id);
    } else w.put(c, t.parent);
  }
}

// ─────────────────────────────── plants ───────────────────────────────

const PLANT_STAGE_TICKS = [10, 10, 5, 5];

/** The first sibling (in the plant's pot) with this name. */
function sibling(w: World, t: Thing, name: string): Thing | undefined {
  if (t.parent < 0) return undefined;
  for (const id of w.get(t.parent).contents) {
    const s = w.get(id);
    if (s.name === name) return s;
  }
  return undefined;
}

function tickPlant(w: World, t: Thing): void {
  const life = t.life!;
  if (life.dead) return;
  if (life.stage === 4) {
    life.dead = true;
    spill(w, t);
    w.changed(t.id);
    return;
  }
  if (life.stage === 0) {
    const water = sibling(w, t, 'water');
    if (!water || !sibling(w, t, 'soil')) return;
    life.progress++;
    if (life.progress >= PLANT_STAGE_TICKS[0]) {
      w.destroy(water.id);
      setStage(w, t, 1);
    }
    return;
  }
  // Seedlings, adults and reproducing plants suffer without water, soil or a bearable temperature.
  const seedling = life.stage === 1;
  const maxWithoutWater = seedling ? 20 : 50;
  let stressed = false;
  let sickly = false;
  const water = sibling(w, t, 'water');
  if (water) {
    life.withoutWater = 0;
    if (!seedling) w.destroy(water.id); // grown plants drink
  } else {
    life.withoutWater++;
    if (seedling) stressed = true;
    if (life.withoutWater >= maxWithoutWater / 2) {
      sickly = true;
      stressed = true;
    }
    if (life.withoutWater >= maxWithoutWater) {
      die(w, t);
      return;
    }
  }
  if (sibling(w, t, 'soil')) life.withoutSoil = 0;
  else {
    stressed = true;
    life.withoutSoil++;
    if (life.withoutSoil >= 2) sickly = true;
    if (life.withoutSoil >= 5) {
      die(w, t);
      return;
    }
  }
  const temperature = t.material?.temperature ?? 10;
  if (temperature >= 50 || temperature <= 0) {
    life.outOfTemperature++;
    sickly = true;
    if (life.outOfTemperature >= 5) {
      die(w, t);
      return;
    }
  } else life.outOfTemperature = 0;
  if (life.sickly !== sickly) {
    life.sickly = sickly;
    w.changed(t.id);
  }
  if (stressed) return;
  life.progress++;
  if (life.progress < PLANT_STAGE_TICKS[life.stage]) return;
  if (life.stage === 1) {
    if (water) w.destroy(water.id);
    setStage(w, t, 2);
  } else if (life.stage === 2) setStage(w, t, 3);
  else {
    if (!t.contents.some((c) => w.get(c).kind === 'flower')) makeFlower(w, t.id);
    life.progress = 0;
  }
}

function die(w: World, t: Thing): void {
  setStage(w, t, 4);
}

// ─────────────────────────────── flowers, pollen, bees ───────────────────────────────

const TICKS_UNTIL_FRUIT = 5;

function tickFlower(w: World, f: Thing): void {
  const plantId = Number(f.data.plant);
  const parentPlant = w.get(plantId);
  if (Number(f.data.pollinated) > 0) {
    f.data.pollinated = Number(f.data.pollinated) + 1;
    if (Number(f.data.pollinated) > TICKS_UNTIL_FRUIT && f.parent >= 0) {
      const species = parentPlant.life!.species;
      if (species === 'pea') makePlant(w, 'pea', f.parent, 0);
      else food(w, species, f.parent);
      w.destroy(f.id, true);
    }
    return;
  }
  if (!f.contents.some((c) => w.get(c).kind === 'pollen' && Number(w.get(c).data.plant) === plantId)) makePollen(w, plantId, f.id);
  // Pollen from another plant of the same species, lying in the flower or carried in by a bee, pollinates it.
  const candidates: Thing[] = [];
  for (const c of f.contents) {
    const inner = w.get(c);
    if (inner.kind === 'pollen') candidates.push(inner);
    else for (const cc of inner.contents) if (w.get(cc).kind === 'pollen') candidates.push(w.get(cc));
  }
  for (const p of candidates) {
    const from = w.get(Number(p.data.plant));
    if (from.id !== plantId && from.life?.species === parentPlant.life!.species) {
      w.destroy(p.id);
      f.data.pollinated = 1;
      w.changed(f.id);
      return;
    }
  }
}

function accessibleFlowers(w: World, container: Thing, out: Thing[] = []): Thing[] {
  for (const id of container.contents) {
    const c = w.get(id);
    if (c.kind === 'flower') out.push(c);
    if (c.container?.open) accessibleFlowers(w, c, out);
  }
  return out;
}

/** Bees wander: they fly through open doors, visit flowers and pick up pollen there. */
function tickBee(w: World, b: Thing): void {
  if (b.life!.dead || b.parent < 0) return;
  const here = w.get(b.parent);
  const rng = w.state.rng;
  if (here.kind === 'flower') {
    if (nextFloat(rng) < 0.5) {
      const carried = b.contents.filter((c) => w.get(c).kind === 'pollen').length;
      const pollens = here.contents.filter((c) => w.get(c).kind === 'pollen');
      if (carried <= 5 && pollens.length > 0) w.put(pollens[nextInt(rng, pollens.length)], b.id);
    } else wander(w, b, here);
    return;
  }
  if (nextFloat(rng) < 0.5) {
    const flowers = accessibleFlowers(w, here);
    if (flowers.length > 0) w.put(b.id, flowers[nextInt(rng, flowers.length)].id);
    return;
  }
  wander(w, b, here);
}

function wander(w: World, b: Thing, here: Thing): void {
  const doors = (here.portals ?? []).map((p) => w.get(p)).filter((p) => p.kind === 'door' && p.portal!.open);
  if (doors.length === 0) {
    if (w.isLocation(here)) return;
    if (here.container?.open) {
      const location = w.locationOf(here.id);
      if (location) w.put(b.id, location.id);
    }
    return;
  }
  const door = doors[nextInt(w.state.rng, doors.length)];
  w.put(b.id, w.across(door, here.id));
}

/** Per-tick life processes for one thing. */
export function tickLife(w: World, t: Thing): void {
  switch (t.kind) {
    case 'plant':
      tickPlant(w, t);
      break;
    case 'animal':
      tickAnimal(w, t);
      break;
    case 'bee':
      tickBee(w, t);
      tickAnimal(w, t);
      break;
    case 'flower':
      tickFlower(w, t);
      break;
  }
}
