/**
 * Task 3-4: test whether an unknown substance conducts electricity and put it in the box for conductive or
 * nonconductive things. As in ScienceWorld, 600 variations: 24 lettered unknown substances (B … Z, no I),
 * in the workshop, sorted by letter × five parts to power × five box pairs. Whether a substance conducts is
 * fixed per letter (ScienceWorld draws it at random; here a hash of the letter decides), so the answer is
 * learned only by testing. The test block holds letters U … Z, which training never shows.
 */
import { hashSeed } from '../../../../harness/api.ts';
import { GoalSequence } from '../engine/scoring.ts';
import { buildCircuit } from '../expert/circuits.ts';
import { type Expert, ExpertError } from '../expert/expert.ts';
import { focusOn } from '../expert/skills.ts';
import * as k from '../world/kinds.ts';
import type { World } from '../world/world.ts';
import { BOX_PAIRS } from './family/variations.ts';
import { connectedToWire, find, inRoomWithObject, moveToNewLocation, objectInContainer, wireJoins } from './goals.ts';
import { PARTS, placeParts } from './power-component.ts';
import type { TaskType } from './types.ts';

export interface UnknownConductivityParams {
  letter: string;
  substance: string;
  conductive: boolean;
  part: string;
  conductiveBox: string;
  nonconductiveBox: string;
}

export const LETTERS = ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z'];

/** Whether the unknown substance with this letter conducts (a fixed coin flip per letter). */
export function conducts(letter: string): boolean {
  return (hashSeed('unknown-substance-conductivity', letter) & 1) === 1;
}

let cache: UnknownConductivityParams[] | undefined;

function variations(): UnknownConductivityParams[] {
  cache ??= LETTERS.flatMap((letter) =>
    PARTS.flatMap((part) =>
      BOX_PAIRS.map(([conductiveBox, nonconductiveBox]) => ({
        letter,
        substance: `unknown substance ${letter}`,
        conductive: conducts(letter),
        part,
        conductiveBox,
        nonconductiveBox,
      })),
    ),
  );
  return cache;
}

function place(w: World, p: UnknownConductivityParams): void {
  const workshop = w.locationNamed('workshop')!.id;
  k.unknownSubstance(w, p.letter, workshop, { electricallyConductive: p.conductive });
  placeParts(w, [p.part], []);
  k.answerBox(w, p.conductiveBox.replace(' box', ''), workshop);
  k.answerBox(w, p.nonconductiveBox.replace(' box', ''), workshop);
}

function describe(p: UnknownConductivityParams): string {
  return (
    `Your task is to determine if ${p.substance} is electrically conductive. ` +
    `The ${p.substance} is located around the workshop. ` +
    `First, focus on the ${p.substance}. ` +
    `If it is electrically conductive, place it in the ${p.conductiveBox}. ` +
    `If it is electrically nonconductive, place it in the ${p.nonconductiveBox}. `
  );
}

function goals(p: UnknownConductivityParams): GoalSequence {
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

function expert(x: Expert, p: UnknownConductivityParams): void {
  x.goTo('workshop');
  x.begin(`find(${p.substance})`, 'search');
  const subject = x.visible((t) => t.name === p.substance)[0];
  if (!subject) throw new ExpertError(`no ${p.substance} in the workshop`);
  x.act('look around', `The ${p.substance} is here in the workshop; the search is over.`);
  focusOn(x, subject.id);
  const part = x.visible((t) => t.name === p.part)[0];
  const battery = x.visible((t) => t.name === 'battery')[0];
  if (!part || !battery) throw new ExpertError('part or battery missing');
  buildCircuit(x, part, battery, { name: p.substance, id: subject.id });
  const lit = !!part.powered;
  const box = x.visible((t) => t.name === (lit ? p.conductiveBox : p.nonconductiveBox))[0];
  x.begin(`move(${p.substance}, ${box.name})`);
  const verdict = lit ? `The ${p.part} came on, so the ${p.substance} conducts` : `The ${p.part} stayed off, so the ${p.substance} does not conduct`;
  x.act(`move ${x.ref(subject.id)} to ${x.ref(box.id)}`, `${verdict}; it went into the ${box.name}.`);
}

const task: TaskType<UnknownConductivityParams> = {
  id: '3-4',
  name: 'test-conductivity-of-unknown-substances',
  topic: 'Electricity',
  variations,
  setup: (w, p) => place(w, p),
  description: describe,
  goals,
  expert,
  vocabulary: (p) => [p.substance, p.part, 'battery', 'wire', p.conductiveBox, p.nonconductiveBox],
};

export default task;
