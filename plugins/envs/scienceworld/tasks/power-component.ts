/**
 * Task 3-1: turn on a light bulb, motor or buzzer by building a circuit in the workshop. As in ScienceWorld,
 * twenty variations: five parts (red, green and blue light bulbs, an electric motor, an electric buzzer) ×
 * a renewable source (solar panel, wind generator) × a nonrenewable one (gas, nuclear generator), all in the
 * workshop with the battery and wires. The buzzer, last, appears only in the test block.
 */

import { GoalSequence } from '../engine/scoring.ts';
import { buildCircuit } from '../expert/circuits.ts';
import { type Expert, ExpertError } from '../expert/expert.ts';
import { focusOn } from '../expert/skills.ts';
import * as k from '../world/kinds.ts';
import type { World } from '../world/world.ts';
import { activateDevice, connectedToWire, find, inRoomWithObject, moveToNewLocation, wireJoins } from './goals.ts';
import type { TaskType } from './types.ts';

export interface PowerParams {
  part: string;
  renewable: 'solar panel' | 'wind generator';
  nonrenewable: 'gas generator' | 'nuclear generator';
}

export const PARTS = ['red light bulb', 'green light bulb', 'blue light bulb', 'electric motor', 'electric buzzer'];

const VARIATIONS: PowerParams[] = PARTS.flatMap((part) =>
  (['solar panel', 'wind generator'] as const).flatMap((renewable) =>
    (['gas generator', 'nuclear generator'] as const).map((nonrenewable) => ({ part, renewable, nonrenewable })),
  ),
);

/** Adds the parts and generators a power task uses to the workshop (skipping ones already there). */
export function placeParts(w: World, parts: string[], generators: string[]): void {
  const workshop = w.locationNamed('workshop')!;
  const present = (name: string) => w.descendants(workshop.id).some((t) => t.name === name);
  for (const part of parts) {
    if (present(part)) continue;
    if (part.endsWith('light bulb')) k.lightBulb(w, part.replace(' light bulb', ''), workshop.id);
    else if (part === 'electric motor') k.electricMotor(w, workshop.id);
    else k.electricBuzzer(w, workshop.id);
  }
  for (const g of generators) if (!present(g)) k.generator(w, g as 'solar panel', workshop.id);
}

function goals(p: PowerParams): GoalSequence {
  return new GoalSequence(
    [find('focus on task object', p.part), activateDevice('power task object', p.part)],
    [
      moveToNewLocation('move to a new location'),
      inRoomWithObject('be in same location as part to power', p.part),
      connectedToWire("Connect the task object's (terminal1/anode) to a wire", p.part, 0),
      connectedToWire("Connect the task object's (terminal2/cathode) to a wire", p.part, 1),
      wireJoins('Task object is at least partially connected to power source through wire', p.part, 'source'),
    ],
  );
}

function expert(x: Expert, p: PowerParams): void {
  x.goTo('workshop');
  x.begin(`find(${p.part})`, 'search');
  x.act('look around', `The ${p.part} and a battery are here in the workshop; the search is over.`);
  const part = x.visible((t) => t.name === p.part)[0];
  const battery = x.visible((t) => t.name === 'battery')[0];
  if (!part || !battery) throw new ExpertError('part or battery missing');
  focusOn(x, part.id);
  buildCircuit(x, part, battery);
  if (!x.done) throw new ExpertError(`the ${p.part} did not turn on`);
}

const task: TaskType<PowerParams> = {
  id: '3-1',
  name: 'power-component',
  topic: 'Electricity',
  variations: () => VARIATIONS,
  setup: (w, p) => placeParts(w, PARTS, [p.renewable, p.nonrenewable]),
  description: (p) => `Your task is to turn on the ${p.part}. First, focus on the ${p.part}. Then, create an electrical circuit that powers it on. `,
  goals,
  expert,
  vocabulary: (p) => [p.part, 'battery', 'wire', p.renewable, p.nonrenewable],
};

export default task;
