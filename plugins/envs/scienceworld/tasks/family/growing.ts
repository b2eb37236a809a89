/**
 * Tasks 5-1 (grow a plant from seed until it reproduces) and 5-2 (grow fruit: several plants, pollinated by
 * the bees). As in ScienceWorld, 126 variations each: a jar of seeds of one of seven fruit trees, placed in
 * one of six rooms, sorted by seed × three greenhouse set-ups (three flower pots with soil; empty pots with
 * soil on the floor beside them; empty pots and no soil, so it must be dug outside). Sorted by seed, the
 * test block holds peaches (and oranges), which training never shows.
 *
 * Growth follows ScienceWorld's pacing: a seed in a pot with soil and water sprouts after 10 ticks (drinking
 * the water), a seedling needs water for 10 more, an adult reproduces after 5 and then flowers; a pollinated
 * flower turns into a fruit 6 ticks later. The expert meets it with `wait` and `wait1`, as a player would.
 */

import { type Goal, GoalSequence } from '../../engine/scoring.ts';
import { called, type Expert, ExpertError } from '../../expert/expert.ts';
import { closeDoors, fetchSeedJar, monitorGrowth, plantSeed, releaseBees, soilPots, waterPot } from '../../expert/growing.ts';
import { focusOn } from '../../expert/skills.ts';
import * as k from '../../world/kinds.ts';
import { currentStageName } from '../../world/life.ts';
import type { Thing, World } from '../../world/world.ts';
import { containerOpen, find, inRoomWithObject, lifeStage, lifeStageAnywhere, moveToLocation, moveToNewLocation, objectInDirectContainer } from '../goals.ts';
import type { TaskType } from '../types.ts';

export type GrowMode = 'grow plant' | 'grow fruit';
export type PotSetup = 'soil in pots' | 'soil beside pots' | 'no soil';

export interface GrowParams {
  species: string;
  seedLocation: string;
  pots: PotSetup;
}

const SEEDS = ['apple', 'avocado', 'banana', 'cherry', 'lemon', 'orange', 'peach'];
const SEED_LOCATIONS = ['kitchen', 'bathroom', 'living room', 'bedroom', 'workshop', 'greenhouse'];
const POT_SETUPS: PotSetup[] = ['soil in pots', 'soil beside pots', 'no soil'];
const POT_NAMES = ['flower pot 1', 'flower pot 2', 'flower pot 3'];

/** Seed jars (seed × room, sorted by seed as ScienceWorld sorts them) × greenhouse set-ups. */
const VARIATIONS: GrowParams[] = SEED_LOCATIONS.flatMap((seedLocation) => SEEDS.map((species) => ({ species, seedLocation })))
  .sort((a, b) => (a.species < b.species ? -1 : a.species > b.species ? 1 : 0))
  .flatMap((s) => POT_SETUPS.map((pots) => ({ ...s, pots })));

function place(mode: GrowMode, w: World, p: GrowParams): void {
  if (mode === 'grow fruit') {
    // ScienceWorld's own note: the task needs every other fruit of the kind gone (the kitchen's bowl, the
    // orange the agent carries), or focusing on one would pass for growing it.
    for (const t of w.things) if (!t.deleted && t.name === p.species && t.data.food) w.destroy(t.id);
  }
  k.seedJar(w, p.species, w.locationNamed(p.seedLocation)!.id);
  const greenhouse = w.locationNamed('greenhouse')!.id;
  for (const name of POT_NAMES) {
    const pot = k.cup(w, 'flower pot', greenhouse, name);
    if (p.pots === 'soil in pots') k.soil(w, pot.id);
    if (p.pots === 'soil beside pots') k.soil(w, greenhouse);
  }
}

/** The optional subgoals both tasks give a little credit for (ScienceWorld's list). */
function commonBonus(p: GrowParams): Goal[] {
  const inPots = (what: string, names: string[]) => POT_NAMES.map((pot, i) => objectInDirectContainer(`have ${what} in flower pot (${i + 1})`, pot, names));
  return [
    inRoomWithObject('be in same location as seed jar', 'seed jar'),
    objectInDirectContainer('have seed jar in inventory', 'inventory', ['seed jar'], { key: 'haveSeedJar' }),
    objectInDirectContainer('have shovel in inventory', 'inventory', ['shovel']),
    objectInDirectContainer('have soil in inventory', 'inventory', ['soil']),
    inRoomWithObject('be in same location as soil', 'soil'),
    moveToNewLocation('move to a new location'),
    moveToLocation('move to the greenhouse', 'greenhouse', { key: 'move1' }),
    moveToLocation('move to the greenhouse (after having seed jar)', 'greenhouse', { key: 'move2', requires: ['haveSeedJar'] }),
    ...inPots('soil', ['soil']),
    ...inPots('water', ['water']),
    ...inPots('seed', [`${p.species} seed`]),
  ];
}

function goals(mode: GrowMode, p: GrowParams): GoalSequence {
  if (mode === 'grow plant') {
    return new GoalSequence(
      [
        lifeStage('focus plant is in seed stage', p.species, 'seed'),
        lifeStage('focus plant is in seedling stage', p.species, 'seedling'),
        lifeStage('focus plant is in adult stage', p.species, 'adult'),
        lifeStage('focus plant is in reproducing stage', p.species, 'reproducing'),
      ],
      commonBonus(p),
    );
  }
  const stages: Goal[] = [];
  for (const n of [1, 2]) {
    stages.push(
      lifeStageAnywhere(`have at least ${n} plants as seeds`, p.species, 'seed', n),
      lifeStageAnywhere(`have at least ${n} plants as seedlings`, p.species, 'seedling', n),
      lifeStageAnywhere(`have at least ${n} plants as adult plants`, p.species, 'adult', n),
      lifeStageAnywhere(`have at least ${n} plants as reproducing plants`, p.species, 'reproducing', n, { key: `atLeast${n}Reproducing` }),
    );
  }
  return new GoalSequence(
    [find('focus on the grown fruit', p.species)],
    [
      ...commonBonus(p),
      ...stages,
      containerOpen('bee hive open (after reprod. life stage)', 'bee hive'),
      inRoomWithObject('be in same location as pollinator (after reprod. life stage)', 'adult bee', { requires: ['atLeast2Reproducing'] }),
      inRoomWithObject('be in same location as fruit', p.species),
    ],
  );
}

function describe(mode: GrowMode, p: GrowParams): string {
  if (mode === 'grow plant') {
    return `Your task is to grow a ${p.species} plant from seed. Seeds can be found in the ${p.seedLocation}. First, focus on a seed. Then, make changes to the environment that grow the plant until it reaches the reproduction life stage.`;
  }
  return `Your task is to grow a ${p.species}. This will require growing several plants, and them being crosspollinated to produce fruit.  Seeds can be found in the ${p.seedLocation}. To complete the task, focus on the grown ${p.species}.`;
}

// ─────────────────────────────── expert ───────────────────────────────

/** Seeds to pots: fetch the jar, soil the pots, plant one seed in each, water them. Returns the seeds. */
function sow(x: Expert, p: GrowParams, count: number, focusFirst: boolean): { pots: Thing[]; plants: Thing[] } {
  const jar = fetchSeedJar(x, p.seedLocation);
  x.goTo('greenhouse');
  const pots = POT_NAMES.slice(0, count).map((name) => x.visible((t) => t.name === name)[0]);
  if (pots.some((pot) => !pot)) throw new ExpertError('flower pots missing');
  soilPots(x, pots);
  const plants = pots.map((pot) => plantSeed(x, jar, pot));
  if (focusFirst) focusOn(x, plants[0].id, `Focused on the ${called(x, plants[0])}, the plant to grow.`);
  for (const pot of pots) waterPot(x, pot);
  return { pots, plants };
}

const stageIs = (plant: Thing, stage: string) => (w: World) => !w.get(plant.id).deleted && currentStageName(w.get(plant.id)) === stage;

function growPlant(x: Expert, p: GrowParams): void {
  const { pots, plants } = sow(x, p, 1, true);
  const [pot, plant] = [pots[0], plants[0]];
  // A seed drinks its water when it sprouts; the seedling needs more to grow on.
  monitorGrowth(x, pot, 'seedling', plant, stageIs(plant, 'seedling'));
  waterPot(x, pot);
  monitorGrowth(x, pot, 'reproducing', plant, stageIs(plant, 'reproducing'));
  if (!x.done) throw new ExpertError(`the ${p.species} plant did not reach the reproducing stage`);
}

function growFruit(x: Expert, p: GrowParams): void {
  // Two plants of a kind are enough for the bees to cross-pollinate.
  const { pots, plants } = sow(x, p, 2, false);
  closeDoors(x);
  releaseBees(x);
  monitorGrowth(x, pots[0], 'seedling', plants[0], (w) => plants.every((pl) => stageIs(pl, 'seedling')(w)));
  for (const pot of pots) waterPot(x, pot);
  const fruit = (w: World) =>
    w.things.some((t) => !t.deleted && t.name === p.species && t.data.food === true && t.parent >= 0 && w.get(t.parent).kind === 'plant');
  monitorGrowth(x, pots[0], 'fruit', plants[0], fruit, 150);
  const grown = x.visible((t) => t.name === p.species && t.data.food === true && x.w.get(t.parent).kind === 'plant')[0];
  if (!grown) throw new ExpertError(`no ${p.species} grew`);
  focusOn(x, grown.id, `Focused on the ${called(x, grown)} that grew on the ${called(x, x.w.get(grown.parent))}.`);
}

export function growTask(id: string, mode: GrowMode): TaskType<GrowParams> {
  return {
    id,
    name: mode.replace(/ /g, '-'),
    topic: 'Biology',
    variations: () => VARIATIONS,
    setup: (w, p) => place(mode, w, p),
    description: (p) => describe(mode, p),
    goals: (p) => goals(mode, p),
    expert: (x, p) => (mode === 'grow plant' ? growPlant(x, p) : growFruit(x, p)),
    vocabulary: (p) => [
      `${p.species} seed`,
      'seed jar',
      ...POT_NAMES,
      'soil',
      'shovel',
      'jug',
      'sink',
      ...(mode === 'grow fruit' ? [p.species, 'bee hive'] : []),
    ],
  };
}
