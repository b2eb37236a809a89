/**
 * Chemistry: `mix` combines the contents of a container according to a table of reactions (salt water,
 * soapy water, dough, rust, sodium acetate, sandwiches, and paint colours: primaries make secondaries,
 * neighbouring colours make tertiaries, anything else makes brown).
 */
import { food, namedSubstance, paint, paper, substanceThing } from './kinds.ts';
import { displayName } from './text.ts';
import type { Thing, World } from './world.ts';

interface Ingredient {
  name: string;
  /** Required state of matter, when it matters (water must be liquid, salt solid, paints liquid). */
  state?: 'solid' | 'liquid';
}

interface Reaction {
  inputs: Ingredient[];
  make: (w: World, into: number) => void;
  message: string;
}

const liquid = (name: string): Ingredient => ({ name, state: 'liquid' });
const solid = (name: string): Ingredient => ({ name, state: 'solid' });
const any = (name: string): Ingredient => ({ name });

/**
 * Paint mixes: the two inputs, the colour made, and ScienceWorld's message for it — its wording, whose
 * order of colours (and, for green-blue, the name) does not always follow the paint it makes.
 */
const PAINT_MIXES: [string, string, string, string][] = [
  ['red', 'blue', 'violet', 'Red and blue paint mix to produce violet paint.'],
  ['blue', 'yellow', 'green', 'Blue and yellow paint mix to produce green paint.'],
  ['yellow', 'red', 'orange', 'Yellow and red paint mix to produce orange paint.'],
  ['yellow', 'orange', 'yellow-orange', 'Yellow and orange paint mix to produce yellow-orange paint.'],
  ['orange', 'red', 'red-orange', 'Red and orange paint mix to produce red-orange paint.'],
  ['red', 'violet', 'violet-red', 'Violet and red paint mix to produce violet-red paint.'],
  ['violet', 'blue', 'blue-violet', 'Blue and violet paint mix to produce blue-violet paint.'],
  ['blue', 'green', 'green-blue', 'Blue and green paint mix to produce blue green paint.'],
  ['green', 'yellow', 'yellow-green', 'Green and yellow paint mix to produce yellow-green paint.'],
];

const REACTIONS: Reaction[] = [
  {
    inputs: [liquid('water'), solid('sodium chloride')],
    make: (w, c) => substanceThing(w, 'salt water', c),
    message: 'Sodium chloride and water mix to produce salt water.',
  },
  { inputs: [liquid('water'), any('soap')], make: (w, c) => substanceThing(w, 'soapy water', c), message: 'Soap and water mix to produce soapy water.' },
  { inputs: [liquid('water'), any('sugar')], make: (w, c) => substanceThing(w, 'sugar water', c), message: 'Sugar and water mix to produce sugar water.' },
  { inputs: [liquid('water'), any('flour')], make: (w, c) => food(w, 'dough', c), message: 'Flour and water mix to produce dough.' },
  { inputs: [any('chocolate'), any('marshmallow')], make: (w, c) => food(w, 'smores', c), message: 'Chocolate and marshmallow mix to produce smores.' },
  { inputs: [liquid('water'), any('iron block')], make: (w, c) => substanceThing(w, 'rust', c), message: 'Iron block and water mix to produce rust.' },
  {
    inputs: [any('sodium bicarbonate'), any('acetic acid')],
    make: (w, c) => substanceThing(w, 'sodium acetate', c),
    message: 'Sodium bicarbonate and acetic acid mix to produce sodium acetate.',
  },
  // ScienceWorld's sandwich messages all name peanuts (and the three-part ones jam), whatever went in.
  {
    inputs: [any('bread'), any('peanut')],
    make: (w, c) => sandwich(w, 'peanut butter', c),
    message: 'Bread and peanuts mix to produce a peanut butter sandwich.',
  },
  { inputs: [any('bread'), any('jam')], make: (w, c) => sandwich(w, 'jam', c), message: 'Bread and peanuts mix to produce a jam sandwich.' },
  { inputs: [any('bread'), any('banana')], make: (w, c) => sandwich(w, 'banana', c), message: 'Bread and peanuts mix to produce a banana sandwich.' },
  ...['red', 'green', 'blue', 'orange', 'yellow', 'violet'].map((color) => ({
    inputs: [any('paper'), liquid(`${color} paint`)],
    make: (w: World, c: number) => {
      paper(w, c, `${color} paper`).data.colored = true;
    },
    // ScienceWorld names blue paint whatever the colour.
    message: `Paper and blue paint mix to produce ${color} paper.`,
  })),
  ...PAINT_MIXES.map(([a, b, out, message]) => ({
    inputs: [liquid(`${a} paint`), liquid(`${b} paint`)],
    make: (w: World, c: number) => {
      paint(w, out, c);
    },
    message,
  })),
  {
    inputs: [any('peanut'), any('almond'), any('cashew')],
    make: (w, c) => food(w, 'mixed nuts', c),
    message: 'Peanuts, almonds, and cashews mix to produce mixed nuts.',
  },
  {
    inputs: [any('apple'), any('orange'), any('banana')],
    make: (w, c) => food(w, 'fruit salad', c),
    message: 'Apples, oranges, and bananas mix to produce fruit salad.',
  },
  {
    inputs: [any('bread'), any('peanut'), any('jam')],
    make: (w, c) => sandwich(w, 'peanut butter with jam', c),
    message: 'Bread and peanuts and jam mix to produce a peanut butter with jam sandwich.',
  },
  {
    inputs: [any('bread'), any('peanut'), any('banana')],
    make: (w, c) => sandwich(w, 'peanut butter with banana', c),
    message: 'Bread and peanuts and jam mix to produce a peanut butter with banana sandwich.',
  },
];

function sandwich(w: World, type: string, into: number): void {
  const s = food(w, 'bread', into);
  s.name = `${type} sandwich`;
  s.data.refs = 'sandwich';
}

/** Which of `contents` is this ingredient (by name, or by substance in the required state)? */
function find(contents: Thing[], ingredient: Ingredient, taken: Set<number>): Thing | undefined {
  return contents.find((t) => {
    if (taken.has(t.id)) return false;
    const m = t.material;
    const stateOk = !ingredient.state || (m !== undefined && m.state === ingredient.state);
    if (t.name === ingredient.name) return stateOk;
    return m?.substance === ingredient.name && stateOk;
  });
}

function isPaint(t: Thing): boolean {
  return t.material?.substance.endsWith(' paint') === true && t.material.state === 'liquid';
}

/** Mixes what a container holds; returns the message `mix` prints. */
export function mix(w: World, container: Thing): string {
  const contents = container.contents.map((id) => w.get(id)).filter((t) => !t.hidden);
  if (contents.length === 0) return 'That container is empty, so there are no items to mix.';
  if (contents.length === 1) return `There is only one thing (${displayName(w, contents[0])})`;
  for (const reaction of REACTIONS) {
    if (reaction.inputs.length !== contents.length) continue;
    const taken = new Set<number>();
    const found = reaction.inputs.map((i) => {
      const t = find(contents, i, taken);
      if (t) taken.add(t.id);
      return t;
    });
    if (found.every((t) => t)) {
      for (const t of found) w.destroy(t!.id);
      reaction.make(w, container.id);
      return reaction.message;
    }
  }
  if (contents.length <= 4 && contents.every(isPaint)) {
    for (const t of contents) w.destroy(t.id);
    paint(w, 'brown', container.id);
    return 'The paints mix to produce brown paint.';
  }
  return `Mixing the contents of the ${displayName(w, container)} does not appear to produce anything new.`;
}

/** The substances some tasks ask for, for their setup code. */
export function makeIngredient(w: World, name: string, into: number): Thing {
  if (name.endsWith(' paint')) return paint(w, name.slice(0, -' paint'.length), into);
  if (['sodium chloride', 'soap', 'sodium bicarbonate', 'acetic acid', 'sodium', 'sugar'].includes(name)) return substanceThing(w, name, into);
  if (['chocolate', 'marshmallow', 'flour', 'jam', 'bread', 'peanut', 'almond', 'cashew', 'apple', 'orange', 'banana'].includes(name))
    return food(w, name, into);
  return namedSubstance(w, name, into);
}
