/**
 * Task 6-1: make a substance by mixing ingredients, following a recipe, then focus on it. As in ScienceWorld,
 * 32 variations: sixteen recipes (salt water, soapy water, mixed nuts, sodium acetate, sandwiches, coloured
 * paper, smores, dough, fruit salad, sugar water, rust, …), each with its recipe and ingredients in the
 * kitchen or the workshop. Water never comes with them (it is at the taps), nor does paint (it is in the
 * art studio). The recipes come in three batches, so the test block holds recipes training never shows.
 */

import { GoalSequence } from '../engine/scoring.ts';
import { called, type Expert, ExpertError } from '../expert/expert.ts';
import { chooseVessel, mixContents, prepareVessel, putInto, readRecipe } from '../expert/mixing.ts';
import { focusOn } from '../expert/skills.ts';
import { makeIngredient } from '../world/chemistry.ts';
import * as k from '../world/kinds.ts';
import type { Thing, World } from '../world/world.ts';
import { find, inRoomWithObject, moveToNewLocation, objectsInSingleContainer, readDocument } from './goals.ts';
import type { TaskType } from './types.ts';

export interface MixParams {
  result: string;
  inputs: string[];
  location: string;
}

type Recipe = [result: string, inputs: string[]];

const BATCHES: Recipe[][] = [
  [
    ['salt water', ['sodium chloride', 'water']],
    ['soapy water', ['soap', 'water']],
    ['mixed nuts', ['peanut', 'almond', 'cashew']],
    ['sodium acetate', ['acetic acid', 'sodium bicarbonate']],
    ['banana sandwich', ['banana', 'bread']],
    ['blue paper', ['paper', 'blue paint']],
    ['peanut butter sandwich', ['peanut', 'bread']],
    ['peanut butter with jam sandwich', ['peanut', 'jam', 'bread']],
  ],
  [
    ['smores', ['chocolate', 'marshmallow']],
    ['dough', ['flour', 'water']],
    ['fruit salad', ['apple', 'orange', 'banana']],
    ['jam sandwich', ['jam', 'bread']],
  ],
  [
    ['sugar water', ['sugar', 'water']],
    ['peanut butter with banana sandwich', ['peanut', 'banana', 'bread']],
    ['rust', ['iron block', 'water']],
    ['red paper', ['paper', 'red paint']],
  ],
];

const VARIATIONS: MixParams[] = BATCHES.flatMap((batch) =>
  ['kitchen', 'workshop'].flatMap((location) => batch.map(([result, inputs]) => ({ result, inputs, location }))),
);

/** Ingredients the task does not lay out: water comes from a tap, paint from the art studio. */
function isFetched(input: string): boolean {
  return input === 'water' || input.endsWith(' paint');
}

function placeIngredient(w: World, name: string, into: number): Thing {
  if (name === 'paper') return k.paper(w, into);
  if (name === 'iron block') return k.block(w, 'iron block', 'iron', into);
  return makeIngredient(w, name, into);
}

function place(w: World, p: MixParams): void {
  const room = w.locationNamed(p.location)!.id;
  for (const input of p.inputs) if (!isFetched(input)) placeIngredient(w, input, room);
  k.recipe(w, room, p.result, p.inputs);
}

function goals(p: MixParams): GoalSequence {
  return new GoalSequence(
    [find(`focus on result chemical (${p.result})`, p.result)],
    [
      moveToNewLocation('move to a new location'),
      ...p.inputs.map((input) => inRoomWithObject(`be in same location as ${input}`, input)),
      objectsInSingleContainer('have all ingredients alone in a single container', p.inputs),
      inRoomWithObject(`be in same location as ${p.result}`, p.result),
      readDocument('read recipe', 'recipe'),
    ],
  );
}

function describe(p: MixParams): string {
  return (
    `Your task is to use chemistry to create the substance '${p.result}'. ` +
    `A recipe and some of the ingredients might be found near the ${p.location}. ` +
    `When you are done, focus on the ${p.result}.`
  );
}

// ─────────────────────────────── expert ───────────────────────────────

/** The thing to use for an ingredient here: one the task laid out, else any in reach. */
function ingredient(x: Expert, name: string, used: Set<number>): Thing {
  const options = x.visible((t) => t.name === name && !used.has(t.id) && t.material?.state !== 'liquid');
  const laidOut = options.filter((t) => t.parent === x.here().id);
  const chosen = laidOut[0] ?? options[0];
  if (!chosen) throw new ExpertError(`no ${name} in reach`);
  used.add(chosen.id);
  return chosen;
}

/** Coloured paper: take the paper to the art studio and dip it into the cup of paint there. */
function paintPaper(x: Expert, p: MixParams, paint: string): Thing {
  x.goTo(p.location);
  readRecipe(x);
  const paper = ingredient(x, 'paper', new Set());
  x.begin('pick up(paper)');
  x.act(`pick up ${x.ref(paper.id)}`, 'The paper is in the inventory.');
  x.goTo('art studio');
  const cup = x.visible((t) => t.data.cup === true && t.contents.some((id) => x.w.get(id).name === paint))[0];
  if (!cup) throw new ExpertError(`no cup of ${paint} in the art studio`);
  putInto(x, paper, cup);
  return cup;
}

function expert(x: Expert, p: MixParams): void {
  const paint = p.inputs.find((i) => i.endsWith(' paint'));
  let vessel: Thing;
  if (paint) vessel = paintPaper(x, p, paint);
  else {
    const water = p.inputs.includes('water');
    vessel = chooseVessel(x, p.location, water);
    prepareVessel(x, vessel, water);
    x.goTo(p.location);
    readRecipe(x);
    const used = new Set<number>();
    for (const input of p.inputs) if (!isFetched(input)) putInto(x, ingredient(x, input, used), vessel);
  }
  const made = mixContents(x, vessel).find((t) => t.name === p.result);
  if (!made) throw new ExpertError(`mixing did not make ${p.result}`);
  focusOn(x, made.id, `Focused on the ${called(x, made)}, the substance the task asked for.`);
}

const task: TaskType<MixParams> = {
  id: '6-1',
  name: 'chemistry-mix',
  topic: 'Chemistry',
  variations: () => VARIATIONS,
  setup: (w, p) => place(w, p),
  description: describe,
  goals,
  expert,
  vocabulary: (p) => [
    p.result,
    ...p.inputs,
    'recipe',
    'sink',
    ...(p.inputs.some((i) => i.endsWith(' paint')) ? ['wood cup'] : ['glass cup', 'bowl', 'jug', 'metal pot']),
  ],
};

export default task;
