/**
 * Task 3-3: test whether a thing conducts electricity by putting it in series with a light bulb (or motor,
 * or buzzer) and a battery, then put it in the box for conductive or nonconductive things. As in
 * ScienceWorld, 900 variations: 36 substances (twelve things, each placed in the workshop, kitchen or
 * living room) sorted by name × five parts × five box pairs. The test block holds sodium chloride, water
 * and the wood block, which training never shows.
 */

import { GoalSequence } from '../engine/scoring.ts';
import { buildCircuit } from '../expert/circuits.ts';
import { type Expert, ExpertError } from '../expert/expert.ts';
import { distance } from '../expert/navigation.ts';
import { fetch, fillWithWater, focusOn, inInventory } from '../expert/skills.ts';
import * as k from '../world/kinds.ts';
import type { Thing, World } from '../world/world.ts';
import { BOX_PAIRS } from './family/variations.ts';
import { connectedToWire, find, inRoomWithObject, moveToNewLocation, objectInContainer, wireJoins } from './goals.ts';
import { PARTS, placeParts } from './power-component.ts';
import type { TaskType } from './types.ts';

export interface ConductivityParams {
  substance: string;
  location: string;
  conductive: boolean;
  part: string;
  conductiveBox: string;
  nonconductiveBox: string;
}

const BOOK = 'book (The Foundations of the Origin of Species)';

/** The things to test, with whether they conduct (from their materials). */
const THINGS: [string, boolean][] = [
  ['sodium chloride', false],
  ['water', false],
  ['plastic fork', false],
  ['metal fork', true],
  ['apricot', false],
  ['shovel', true],
  ['glass jar', false],
  ['metal pot', true],
  [BOOK, false],
  ['paper clip', true],
  ['wood block', false],
  ['aluminum foil', true],
];

const LOCATIONS = ['workshop', 'kitchen', 'living room'];

let cache: ConductivityParams[] | undefined;

function variations(): ConductivityParams[] {
  if (cache) return cache;
  const substances = LOCATIONS.flatMap((location) => THINGS.map(([substance, conductive]) => ({ substance, conductive, location })));
  substances.sort((a, b) => (a.substance < b.substance ? -1 : a.substance > b.substance ? 1 : 0));
  cache = substances.flatMap((s) =>
    PARTS.flatMap((part) => BOX_PAIRS.map(([conductiveBox, nonconductiveBox]) => ({ ...s, part, conductiveBox, nonconductiveBox }))),
  );
  return cache;
}

function placeThing(w: World, name: string, room: number): void {
  switch (name) {
    case 'water':
      return;
    case 'sodium chloride':
      k.substanceThing(w, name, room);
      return;
    case 'plastic fork':
      k.plasticFork(w, room);
      return;
    case 'metal fork':
      k.metalFork(w, room);
      return;
    case 'apricot':
      k.food(w, 'apricot', room);
      return;
    case 'shovel':
      k.shovel(w, room);
      return;
    case 'glass jar':
      k.cup(w, 'glass jar', room);
      return;
    case 'metal pot':
      k.cup(w, 'metal pot', room);
      return;
    case 'paper clip':
      k.paperClip(w, room);
      return;
    case 'wood block':
      k.block(w, 'wood block', 'wood', room);
      return;
    case 'aluminum foil':
      k.aluminumFoil(w, room);
      return;
    default:
      k.book(
        w,
        room,
        'The Foundations of the Origin of Species',
        'Charles Darwin',
        'On variation under domestication: organisms placed under new conditions vary, and selection acts on that variation.',
      );
  }
}

function place(w: World, p: ConductivityParams): void {
  placeThing(w, p.substance, w.locationNamed(p.location)!.id);
  placeParts(w, [p.part], []);
  const workshop = w.locationNamed('workshop')!.id;
  k.answerBox(w, p.conductiveBox.replace(' box', ''), workshop);
  k.answerBox(w, p.nonconductiveBox.replace(' box', ''), workshop);
}

function describe(p: ConductivityParams): string {
  return (
    `Your task is to determine if ${p.substance} is electrically conductive. ` +
    `The ${p.substance} is located around the ${p.location}. ` +
    `First, focus on the ${p.substance}. ` +
    `If it is electrically conductive, place it in the ${p.conductiveBox}. ` +
    `If it is electrically nonconductive, place it in the ${p.nonconductiveBox}. `
  );
}

function goals(p: ConductivityParams): GoalSequence {
  const [right, wrong] = p.conductive ? [p.conductiveBox, p.nonconductiveBox] : [p.nonconductiveBox, p.conductiveBox];
  return new GoalSequence(
    [find('focus on task object', p.substance), objectInContainer('put object in correct container', right, [wrong])],
    [
      moveToNewLocation('move to a new location'),
      inRoomWithObject('be in same location as part to power', p.substance),
      connectedToWire("connect the task object's (terminal1/anode) to a wire", p.substance, 0),
      connectedToWire("connect the task object's (terminal2/cathode) to a wire", p.substance, 1),
      wireJoins('task object is at least partially connected to power source through wire', p.substance, 'source'),
      wireJoins('task object is at least partially connected to a light bulb through wire', p.substance, 'light bulb'),
      wireJoins('light bulb is at least partially connected to a power source through wire', 'light bulb', 'source'),
    ],
  );
}

/** The thing to test: the one the task placed (in its room), or water from the nearest tap. */
function obtain(x: Expert, p: ConductivityParams): { subject: Thing; carried: Thing } {
  if (p.substance === 'water') {
    const here = x.here().id;
    const cups = x.all(
      (t) => !!t.data.cup && t.movable && t.container!.open && t.contents.length === 0 && x.w.locationOf(t.id) !== null && t.name !== 'metal pot',
    );
    cups.sort((a, b) => distance(x.w, here, x.w.locationOf(a.id)!.id) - distance(x.w, here, x.w.locationOf(b.id)!.id) || a.id - b.id);
    const cup = cups[0];
    if (!cup) throw new ExpertError('no empty cup for water');
    const vessel = fetch(x, cup, cup.name);
    const water = fillWithWater(x, vessel);
    return { subject: x.w.get(water), carried: x.w.get(vessel) };
  }
  const placed = x.all((t) => t.name === p.substance && x.w.locationOf(t.id)?.name === p.location && t.parent === x.w.locationOf(t.id)!.id);
  const subject = placed[placed.length - 1];
  if (!subject) throw new ExpertError(`no ${p.substance} in the ${p.location}`);
  x.goTo(p.location);
  x.begin(`find(${p.substance})`, 'search');
  x.act('look around', `The ${p.substance} is here in the ${p.location}, so the search is over.`);
  x.act(`pick up ${x.ref(subject.id)}`, `Took the ${p.substance}; the search is complete.`);
  return { subject, carried: subject };
}

function expert(x: Expert, p: ConductivityParams): void {
  const { subject, carried } = obtain(x, p);
  focusOn(x, subject.id);
  x.goTo('workshop');
  x.begin(`put down(${carried.name})`);
  if (inInventory(x, carried.id)) x.act(`put down ${x.ref(carried.id)}`, `The ${carried.name} is on the workshop floor, ready to test.`);
  const part = x.visible((t) => t.name === p.part)[0];
  const battery = x.visible((t) => t.name === 'battery')[0];
  if (!part || !battery) throw new ExpertError('part or battery missing');
  buildCircuit(x, part, battery, { name: p.substance, id: subject.id });
  const lit = !!part.powered;
  const box = x.visible((t) => t.name === (lit ? p.conductiveBox : p.nonconductiveBox))[0];
  x.begin(`move(${carried.name}, ${box.name})`);
  const verdict = lit ? `The ${p.part} came on, so the ${p.substance} conducts` : `The ${p.part} stayed off, so the ${p.substance} does not conduct`;
  x.act(`move ${x.ref(carried.id)} to ${x.ref(box.id)}`, `${verdict}; it went into the ${box.name}.`);
}

const task: TaskType<ConductivityParams> = {
  id: '3-3',
  name: 'test-conductivity',
  topic: 'Electricity',
  variations,
  setup: (w, p) => place(w, p),
  description: describe,
  goals,
  expert,
  vocabulary: (p) => [
    p.substance,
    p.part,
    'battery',
    'wire',
    p.conductiveBox,
    p.nonconductiveBox,
    ...(p.substance === 'water' ? ['glass cup', 'tin cup', 'ceramic cup', 'jug', 'sink'] : []),
  ],
};

export default task;
