/**
 * The real ScienceWorld's variations of the 24 paper task types, written from its task definitions
 * (`simulator/.../tasks/specifictasks/*.scala`): the parameters of every variation, in its order, and the
 * description its text template makes of them. Kept apart from the plugin's own variation lists so a test
 * can hold one against the other.
 */
import { JvmRandom } from '../../../plugins/envs/scienceworld/world/jvm-random.ts';

const COLOURS = ['red', 'green', 'blue', 'orange', 'yellow', 'purple'];
/** Neighbouring colours, as the two-box tasks pair them (red/green, green/blue, …). */
const BOX_PAIRS = COLOURS.slice(0, -1).map((c, i) => [`${c} box`, `${COLOURS[i + 1]} box`]);
/** Scala prints a whole Double with `.0`. */
const double = (x: number) => (Number.isInteger(x) ? `${x}.0` : String(x));
/** Scala's `sortBy` on a name: stable. */
const byName = <T>(items: T[], name: (t: T) => string) => items.slice().sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));

/** `subsampleWithinTrainDevTest`: each of the half / quarter / quarter blocks shuffled in turn by one generator seeded 5. */
function subsample<T>(items: T[], proportion: number): T[] {
  const n = items.length;
  const r = new JvmRandom(5);
  return [items.slice(0, Math.floor(n * 0.5)), items.slice(Math.floor(n * 0.5), Math.floor(n * 0.75)), items.slice(Math.floor(n * 0.75))].flatMap((b) =>
    r.shuffle(b).slice(0, Math.floor(b.length * proportion)),
  );
}

const SUBSTANCES = [
  'water',
  'water',
  'ice',
  'orange juice',
  'apple juice',
  'chocolate',
  'marshmallow',
  'ice cream',
  'soap',
  'rubber',
  'lead',
  'tin',
  'mercury',
  'gallium',
  'caesium',
];

function changeOfState(mode: string): string[] {
  return SUBSTANCES.flatMap((substance) => {
    const boil = mode === 'boil' ? 'For compounds without a boiling point, combusting the substance is also acceptable. ' : '';
    const d = `Your task is to ${mode} ${substance}. ${boil}First, focus on the substance. Then, take actions that will cause it to change its state of matter.`;
    return [d, d]; // the stove working, then broken
  });
}

function useThermometer(): string[] {
  const locations = ['living room', 'bedroom', 'bathroom'];
  const points = [-50, 0, 50, 100, 200];
  const objects = locations.flatMap((location) =>
    points.flatMap(() => ['sodium chloride', 'metal fork', 'wood', 'wire', ...Array(20).fill('unknown substance B')].map((name) => ({ name, location }))),
  );
  const boxes = locations.flatMap((boxLocation) => BOX_PAIRS.map(([above, below]) => ({ above, below, boxLocation })));
  const all = byName(objects, (o) => o.name).flatMap((o) => points.flatMap((point) => boxes.map((b) => ({ ...o, point, ...b }))));
  return subsample(all, 0.02).map(
    (v) =>
      `Your task is to measure the temperature of ${v.name}, which is located around the ${v.location}. First, focus on the thermometer. Next, focus on the ${v.name}. ` +
      `If the ${v.name} temperature is above ${double(v.point)} degrees celsius, place it in the ${v.above}. ` +
      `If the ${v.name} temperature is below ${double(v.point)} degrees celsius, place it in the ${v.below}. The boxes are located around the ${v.boxLocation}.`,
  );
}

function meltingPoint(): string[] {
  const points = [-10, 10, 50, 150, 200];
  const objects = points.flatMap(() => ['water', 'orange juice', 'chocolate', 'mercury', 'gallium', 'tin', 'lead']);
  const all = byName(objects, (o) => o).flatMap((name) => points.flatMap((point) => BOX_PAIRS.map(([above, below]) => ({ name, point, above, below }))));
  return subsample(all, 0.5).map(
    (v) =>
      `Your task is to measure the melting point of ${v.name}, which is located around the kitchen. First, focus on the thermometer. Next, focus on the ${v.name}. ` +
      `If the melting point of ${v.name} is above ${double(v.point)} degrees celsius, focus on the ${v.above}. ` +
      `If the melting point of ${v.name} is below ${double(v.point)} degrees celsius, focus on the ${v.below}. The boxes are located around the kitchen.`,
  );
}

const PARTS = ['red light bulb', 'green light bulb', 'blue light bulb', 'electric motor', 'electric buzzer'];

function powerComponent(renewable: boolean): string[] {
  // Part × renewable source (2) × nonrenewable source (2); 3-2 asks for the renewable one on even variations.
  return PARTS.flatMap((part) => [0, 1, 2, 3].map(() => part)).map((part, v) =>
    renewable
      ? `Your task is to turn on the ${part} by powering it using a ${v % 2 === 0 ? 'renewable' : 'nonrenewable'} power source. First, focus on the ${part}. Then, create an electrical circuit that powers it on.`
      : `Your task is to turn on the ${part}. First, focus on the ${part}. Then, create an electrical circuit that powers it on.`,
  );
}

function conductivity(things: { name: string; location: string }[]): string[] {
  return byName(things, (t) => t.name).flatMap((t) =>
    PARTS.flatMap(() =>
      BOX_PAIRS.map(
        ([yes, no]) =>
          `Your task is to determine if ${t.name} is electrically conductive. The ${t.name} is located around the ${t.location}. First, focus on the ${t.name}. ` +
          `If it is electrically conductive, place it in the ${yes}. If it is electrically nonconductive, place it in the ${no}.`,
      ),
    ),
  );
}

const CONDUCTIVITY_THINGS = [
  'sodium chloride',
  'water',
  'plastic fork',
  'metal fork',
  'apricot',
  'shovel',
  'glass jar',
  'metal pot',
  'book (The Foundations of the Origin of Species)',
  'paper clip',
  'wood block',
  'aluminum foil',
];
const UNKNOWN_LETTERS = 'BCDEFGHJKLMNOPQRSTUVWXYZ'.split('');

/** The animals and potted plants of the find tasks' ten sets of living things, as each set shuffles them. */
export const FIND_ANIMALS = [
  'butterfly',
  'moth',
  'frog',
  'common toad',
  'giant tortoise',
  'turtle',
  'crocodile',
  'parrot',
  'dove',
  'blue jay',
  'elephant',
  'brown bear',
  'beaver',
  'wolf',
];
const FIND_PLANTS = ['apple', 'avocado', 'banana', 'cherry', 'lemon', 'orange', 'peach', 'pea'];

export interface RealFindVariation {
  animals: string[];
  plants: string[];
  box: string;
  location: string;
}

export function findVariations(): RealFindVariation[] {
  return Array.from({ length: 10 }, (_, set) => set).flatMap((set) =>
    ['kitchen', 'bathroom', 'living room', 'bedroom', 'workshop'].flatMap((location) =>
      COLOURS.map((colour) => ({
        animals: new JvmRandom(set).shuffle(FIND_ANIMALS).slice(0, 3),
        plants: new JvmRandom(set).shuffle(FIND_PLANTS).slice(0, 3),
        box: `${colour} box`,
        location,
      })),
    ),
  );
}

function find(what: string): string[] {
  return findVariations().map((v) => `Your task is to find a(n) ${what}. First, focus on the thing. Then, move it to the ${v.box} in the ${v.location}.`);
}

function grow(fruit: boolean): string[] {
  const locations = ['kitchen', 'bathroom', 'living room', 'bedroom', 'workshop', 'greenhouse'];
  const seeds = byName(
    locations.flatMap((location) => ['apple', 'avocado', 'banana', 'cherry', 'lemon', 'orange', 'peach'].map((seed) => ({ seed, location }))),
    (s) => s.seed,
  );
  return seeds.flatMap(({ seed, location }) =>
    [0, 1, 2].map(() =>
      fruit
        ? `Your task is to grow a ${seed}. This will require growing several plants, and them being crosspollinated to produce fruit.  Seeds can be found in the ${location}. To complete the task, focus on the grown ${seed}.`
        : `Your task is to grow a ${seed} plant from seed. Seeds can be found in the ${location}. First, focus on a seed. Then, make changes to the environment that grow the plant until it reaches the reproduction life stage.`,
    ),
  );
}

function chemistryMix(): string[] {
  const batches = [
    ['salt water', 'soapy water', 'mixed nuts', 'sodium acetate', 'banana sandwich', 'blue paper', 'peanut butter sandwich', 'peanut butter with jam sandwich'],
    ['smores', 'dough', 'fruit salad', 'jam sandwich'],
    ['sugar water', 'peanut butter with banana sandwich', 'rust', 'red paper'],
  ];
  return batches.flatMap((batch) =>
    ['kitchen', 'workshop'].flatMap((location) =>
      batch.map(
        (result) =>
          `Your task is to use chemistry to create the substance '${result}'. A recipe and some of the ingredients might be found near the ${location}. When you are done, focus on the ${result}.`,
      ),
    ),
  );
}

function paint(tertiary: boolean): string[] {
  const pairs = [
    ['green paint', 'green-blue paint'],
    ['green paint', 'yellow-green paint'],
    ['orange paint', 'red-orange paint'],
    ['orange paint', 'yellow-orange paint'],
    ['violet paint', 'violet-red paint'],
    ['violet paint', 'blue-violet paint'],
  ];
  // Each pair × six places for the extra paint; the tertiary task's last sentence names the secondary colour.
  return pairs.flatMap(([secondary, third]) =>
    [0, 1, 2, 3, 4, 5].map(() =>
      tertiary
        ? `Your task is to use chemistry to create ${third}. When you are part-way done, focus on the intermediate (secondary color) paint you created.  When you are completely done, focus on the ${secondary}.`
        : `Your task is to use chemistry to create ${secondary}. When you are done, focus on the ${secondary}.`,
    ),
  );
}

export interface RealLifespanVariation {
  long: string;
  medium: string;
  short: string;
}

export function lifespanVariations(): RealLifespanVariation[] {
  const long = ['giant tortoise', 'parrot', 'elephant', 'crocodile', 'brown bear'];
  const medium = ['beaver', 'wolf', 'chipmunk', 'common toad', 'rabbit'];
  const short = ['hedgehog', 'mouse', 'chameleon', 'dragonfly', 'ant'];
  return new JvmRandom(0).shuffle(long.flatMap((l) => medium.flatMap((m) => short.map((s) => ({ long: l, medium: m, short: s })))));
}

function lifespan(mode: 'longest' | 'shortest' | 'both'): string[] {
  const text = {
    longest:
      "Your task is to find the animal with the longest life span.  The animals are in the 'outside' location.  Focus on the animal with the longest life span.",
    shortest:
      "Your task is to find the animal with the shortest life span.  The animals are in the 'outside' location.  Focus on the animal with the shortest life span.",
    both: "Your task is to find the animal with the longest life span, then the shortest life span. First, focus on the animal with the longest life span.  Then, focus on the animal with the shortest life span. The animals are in the 'outside' location.",
  }[mode];
  return lifespanVariations().map(() => text);
}

/** Each animal's life stages but the last (death), as ScienceWorld's life cycles name them. */
const LIFE_STAGES: Record<string, number> = {
  butterfly: 4,
  moth: 4,
  frog: 3,
  'common toad': 3,
  'giant tortoise': 4,
  turtle: 4,
  crocodile: 4,
  parrot: 4,
  dove: 4,
  'blue jay': 4,
  elephant: 3,
  'brown bear': 3,
  beaver: 3,
  wolf: 3,
};

export interface RealLifeStagesVariation {
  animal: string;
  distractors: string[];
}

export function lifeStages1Variations(): RealLifeStagesVariation[] {
  return new JvmRandom(1).shuffle(FIND_ANIMALS.map((animal, i) => ({ animal, distractors: new JvmRandom(i).shuffle(FIND_ANIMALS).slice(0, 5) })));
}

function lifeStages1(): string[] {
  return lifeStages1Variations().map(
    (v) => `Your task is to focus on the ${LIFE_STAGES[v.animal]} life stages of the ${v.animal}, starting from earliest to latest.`,
  );
}

export function lifeStages2Variations(): RealLifeStagesVariation[] {
  const trees = ['apple', 'apricot', 'avocado', 'banana', 'cherry', 'grapefruit', 'lemon', 'orange', 'peach', 'pear'];
  const seeds = [0, 6, 1, 2, 3, 6, 4, 5, 6, 6];
  return trees.map((animal, i) => ({ animal, distractors: [new JvmRandom(seeds[i]).shuffle(FIND_ANIMALS)[0]] }));
}

function lifeStages2(): string[] {
  return lifeStages2Variations().map(
    (v) => `Your task is to focus on the life stages of the ${v.animal} plant, starting from earliest to latest. The plants are located outside.`,
  );
}

/** The real description of every variation of each of the 24 paper task types, by task id. */
export const REAL_DESCRIPTIONS: Record<string, () => string[]> = {
  '1-1': () => changeOfState('boil'),
  '1-2': () => changeOfState('melt'),
  '1-3': () => changeOfState('freeze'),
  '1-4': () => changeOfState('change the state of matter of'),
  '2-1': useThermometer,
  '2-2': meltingPoint,
  '3-1': () => powerComponent(false),
  '3-2': () => powerComponent(true),
  '3-3': () => conductivity(['workshop', 'kitchen', 'living room'].flatMap((location) => CONDUCTIVITY_THINGS.map((name) => ({ name, location })))),
  '3-4': () => conductivity(UNKNOWN_LETTERS.map((letter) => ({ name: `unknown substance ${letter}`, location: 'workshop' }))),
  '4-1': () => find('living thing'),
  '4-2': () => find('non-living thing'),
  '4-3': () => find('plant'),
  '4-4': () => find('animal'),
  '5-1': () => grow(false),
  '5-2': () => grow(true),
  '6-1': chemistryMix,
  '6-2': () => paint(false),
  '6-3': () => paint(true),
  '7-1': () => lifespan('longest'),
  '7-2': () => lifespan('shortest'),
  '7-3': () => lifespan('both'),
  '8-1': lifeStages1,
  '8-2': lifeStages2,
};
