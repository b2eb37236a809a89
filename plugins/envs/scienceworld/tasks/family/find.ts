/**
 * Tasks 4-1 … 4-4 (find a living thing, a non-living thing, a plant, an animal, and move it to an answer
 * box). As in ScienceWorld, 300 variations each: ten sets of living things (three animals outside, three
 * potted plants and two empty pots in the greenhouse) × thirty answer boxes (six colours in five rooms).
 *
 * Variations run set-major as in ScienceWorld, so the train, dev and test blocks hold different sets of
 * living things.
 */
import { hashSeed } from '../../../../../harness/api.ts';
import { GoalSequence } from '../../engine/scoring.ts';
import { called, type Expert, ExpertError } from '../../expert/expert.ts';
import { distance } from '../../expert/navigation.ts';
import { focusOn } from '../../expert/skills.ts';
import { JvmRandom } from '../../world/jvm-random.ts';
import * as k from '../../world/kinds.ts';
import { seedRng, shuffled } from '../../world/rng.ts';
import type { Thing, World } from '../../world/world.ts';
import {
  focusOnAnimal,
  focusOnLivingThing,
  focusOnNonLivingThing,
  focusOnPlant,
  inRoomWithOpenDoor,
  moveToLocation,
  moveToNewLocation,
  objectInContainer,
} from '../goals.ts';
import type { TaskType } from '../types.ts';
import { ANIMAL_SPECIES, BOX_COLOURS } from './variations.ts';

export type FindMode = 'living thing' | 'non-living thing' | 'plant' | 'animal';

export interface FindParams {
  animals: string[];
  plants: string[];
  /** Numbers of the five flower pots (three with plants, two empty). */
  pots: number[];
  box: string;
  boxLocation: string;
}

const BOX_LOCATIONS = ['kitchen', 'bathroom', 'living room', 'bedroom', 'workshop'];
/** ScienceWorld's potted plants, in its order: each set of living things shuffles them with the animals. */
const FIND_PLANTS = ['apple', 'avocado', 'banana', 'cherry', 'lemon', 'orange', 'peach', 'pea'];
const SETS = 10;

let cache: FindParams[] | undefined;

/**
 * Set-major, as ScienceWorld: set `i` of living things (its animals and plants shuffled by a generator
 * seeded `i`, three of each) with each of the thirty boxes (five rooms × six colours).
 */
function variations(): FindParams[] {
  if (cache) return cache;
  cache = [];
  for (let set = 0; set < SETS; set++) {
    const animals = new JvmRandom(set).shuffle(ANIMAL_SPECIES).slice(0, 3);
    const plants = new JvmRandom(set).shuffle(FIND_PLANTS).slice(0, 3);
    // ScienceWorld numbers the pots from a stream shared with other tasks' set-up; here, from the set.
    const pots = shuffled(seedRng(hashSeed('find-living-things', set)), [1, 2, 3, 4, 5, 6, 7, 8, 9]).slice(0, 5);
    for (const boxLocation of BOX_LOCATIONS) for (const colour of BOX_COLOURS) cache.push({ animals, plants, pots, box: `${colour} box`, boxLocation });
  }
  return cache;
}

function place(w: World, p: FindParams): void {
  const outside = w.locationNamed('outside')!.id;
  for (const a of p.animals) k.animal(w, a, outside);
  const greenhouse = w.locationNamed('greenhouse')!.id;
  p.pots.forEach((n, i) => {
    const pot = k.cup(w, 'flower pot', greenhouse, `flower pot ${n}`);
    if (i < p.plants.length) {
      k.plant(w, p.plants[i], pot.id, 2);
      k.soil(w, pot.id);
    }
  });
  k.answerBox(w, p.box.replace(' box', ''), w.locationNamed(p.boxLocation)!.id);
}

function goals(mode: FindMode, p: FindParams): GoalSequence {
  const focus =
    mode === 'living thing'
      ? focusOnLivingThing('focus on a living thing')
      : mode === 'non-living thing'
        ? focusOnNonLivingThing('focus on a non-living thing')
        : mode === 'plant'
          ? focusOnPlant('focus on a plant')
          : focusOnAnimal('focus on an animal');
  return new GoalSequence(
    [focus, objectInContainer('move living thing to answer box', p.box)],
    [
      objectInContainer('Pick up object', 'inventory'),
      inRoomWithOpenDoor('Be in a room with an open door'),
      moveToNewLocation('Move to a new location', { optional: true }),
      moveToLocation('Move to the location of the answer box', p.boxLocation, { optional: true }),
    ],
  );
}

// ─────────────────────────────── expert ───────────────────────────────

const SMALL_KINDS = [
  'article',
  'capitalised',
  'substance',
  'named',
  'picture',
  'book',
  'thermometer',
  'component',
  'wire',
  'generator',
  'container',
  'stopwatch',
  'paper',
];

/** A non-living thing to move: small, solid, movable things first (by kind preference, then name). */
function pickNonLiving(x: Expert, box: Thing): Thing {
  const options = x.visible(
    (t) =>
      t.movable &&
      !t.life &&
      !t.data.answerBox &&
      t.id !== box.id &&
      SMALL_KINDS.includes(t.kind) &&
      t.material?.state !== 'liquid' &&
      t.material?.state !== 'gas' &&
      !x.w.isInside(t.id, x.w.agent.id),
  );
  options.sort((a, b) => SMALL_KINDS.indexOf(a.kind) - SMALL_KINDS.indexOf(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  if (!options.length) throw new ExpertError('nothing non-living to move');
  return options[0];
}

function solveFind(x: Expert, mode: FindMode, p: FindParams): void {
  const box = x.all((t) => t.name === p.box && !!t.data.answerBox)[0];
  if (mode === 'non-living thing') {
    x.goTo(p.boxLocation);
    x.begin('find(non-living thing)', 'search');
    const thing = pickNonLiving(x, box);
    x.checked();
    x.act('look around', `The ${called(x, thing)} here is not alive, so the search is over.`);
    focusOn(x, thing.id);
    const name = called(x, thing);
    x.begin(`move(${name}, ${p.box})`);
    x.act(`move ${x.ref(thing.id)} to ${x.ref(box.id)}`, `The ${name} is in the ${p.box}.`);
    return;
  }
  const here = x.here().id;
  const room =
    mode === 'plant'
      ? 'greenhouse'
      : mode === 'animal'
        ? 'outside'
        : distance(x.w, here, x.location('greenhouse').id) < distance(x.w, here, x.location('outside').id)
          ? 'greenhouse'
          : 'outside';
  x.goTo(room);
  x.begin(`find(${mode})`, 'search');
  const target = x.visible((t) => (room === 'greenhouse' ? t.kind === 'plant' : t.kind === 'animal'))[0];
  if (!target) throw new ExpertError(`no ${mode} in the ${room}`);
  x.checked();
  x.act('look around', `Spotted a ${called(x, target)} here in the ${room}; the search is over.`);
  focusOn(x, target.id);
  const carried = target.kind === 'plant' ? x.w.get(target.parent) : target;
  const carriedName = called(x, carried);
  x.begin(`pick up(${carriedName})`);
  x.act(
    `pick up ${x.ref(carried.id)}`,
    target === carried ? `The ${carriedName} is in the inventory.` : `The ${carriedName} with the ${called(x, target)} is in the inventory.`,
  );
  x.goTo(p.boxLocation);
  const name = called(x, carried);
  x.begin(`move(${name}, ${p.box})`);
  x.act(`move ${x.ref(carried.id)} to ${x.ref(box.id)}`, `The ${name} is in the ${p.box}.`);
}

export function findTask(id: string, mode: FindMode): TaskType<FindParams> {
  return {
    id,
    name: `find-${mode.replace(/ /g, '-')}`,
    topic: 'Classification',
    variations,
    setup: (w, p) => place(w, p),
    description: (p) => `Your task is to find a(n) ${mode}. First, focus on the thing. Then, move it to the ${p.box} in the ${p.boxLocation}.`,
    goals: (p) => goals(mode, p),
    expert: (x, p) => solveFind(x, mode, p),
    vocabulary: (p) => [mode, p.box, ...(mode === 'non-living thing' ? [] : [...p.animals, ...p.plants.map((s) => `${s} ${s === 'pea' ? 'plant' : 'tree'}`)])],
  };
}
