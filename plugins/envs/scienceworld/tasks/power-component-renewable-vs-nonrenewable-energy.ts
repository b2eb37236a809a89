/**
 * Task 3-2: turn on a light bulb, motor or buzzer with a renewable or a nonrenewable power source. As in
 * ScienceWorld, twenty variations: five parts × a renewable source (solar panel, wind generator) × a
 * nonrenewable one (gas, nuclear generator); even variations ask for the renewable source, odd ones for the
 * nonrenewable. Solar panels and wind generators produce only outdoors, so the circuit must be built outside;
 * generators must be switched on. Powering the part from any other source (the workshop's battery, the
 * other generator) fails the task. The buzzer, last, appears only in the test block.
 */

import { GoalSequence } from '../engine/scoring.ts';
import { buildCircuit } from '../expert/circuits.ts';
import { type Expert, ExpertError } from '../expert/expert.ts';
import { focusOn } from '../expert/skills.ts';
import { activateDevice, connectedToWire, electricallyConnected, find, inRoomWithObject, moveToNewLocation, wireJoins } from './goals.ts';
import { PARTS, type PowerParams, placeParts } from './power-component.ts';
import type { TaskType } from './types.ts';

export interface RenewableParams extends PowerParams {
  /** Which kind of source the task asks for. */
  kind: 'renewable' | 'nonrenewable';
}

const VARIATIONS: RenewableParams[] = PARTS.flatMap((part) =>
  (['solar panel', 'wind generator'] as const).flatMap((renewable) =>
    (['gas generator', 'nuclear generator'] as const).map((nonrenewable) => ({ part, renewable, nonrenewable })),
  ),
).map((p, i) => ({ ...p, kind: i % 2 === 0 ? 'renewable' : 'nonrenewable' }));

export function sourceToUse(p: RenewableParams): string {
  return p.kind === 'renewable' ? p.renewable : p.nonrenewable;
}

function goals(p: RenewableParams): GoalSequence {
  const source = sourceToUse(p);
  return new GoalSequence(
    [find('focus on task object', p.part), activateDevice('power task object', p.part), electricallyConnected('use correct power source', source)],
    [
      moveToNewLocation('move to a new location'),
      inRoomWithObject('be in same location as part to power', p.part),
      connectedToWire("connect the task object's (terminal1/anode) to a wire", p.part, 0),
      connectedToWire("connect the task object's (terminal2/cathode) to a wire", p.part, 1),
      wireJoins('task object is at least partially connected to power source through wire', p.part, 'source', source),
    ],
  );
}

function expert(x: Expert, p: RenewableParams): void {
  const sourceName = sourceToUse(p);
  x.goTo('workshop');
  x.begin(`find(${p.part})`, 'search');
  x.act('look around', `The ${p.part} and the ${sourceName} are here in the workshop; the search is over.`);
  const part = x.visible((t) => t.name === p.part)[0];
  const source = x.visible((t) => t.name === sourceName)[0];
  if (!part || !source) throw new ExpertError('part or power source missing');
  focusOn(x, part.id);
  if (p.kind === 'renewable') {
    // A solar panel or wind generator works only outdoors: carry it (with the part and two wires) outside.
    const wires = x.visible((t) => t.electrical === 'wire' && !x.w.isElectricallyConnected(t.id)).slice(0, 2);
    for (const thing of [part, source, ...wires]) {
      x.begin(`pick up(${thing.name})`);
      x.act(`pick up ${x.ref(thing.id)}`, `The ${thing.name} is in the inventory.`);
    }
    x.goTo('outside');
    x.begin(`put down(${source.name})`);
    x.act(`put down ${x.ref(source.id)}`, `The ${source.name} stands outside, where it can make power.`);
    buildCircuit(x, part, source);
  } else {
    buildCircuit(x, part, source);
    x.begin(`activate(${source.name})`);
    x.act(`activate ${x.ref(source.id)}`, `The ${source.name} is running.`);
  }
  if (!x.done) {
    x.begin(`wait(1)`);
    x.act('wait1', `Waited a moment for the power to reach the ${p.part}.`);
  }
  if (!x.done) throw new ExpertError(`the ${p.part} did not turn on from the ${sourceName}`);
}

const task: TaskType<RenewableParams> = {
  id: '3-2',
  name: 'power-component-renewable-vs-nonrenewable-energy',
  topic: 'Electricity',
  variations: () => VARIATIONS,
  setup: (w, p) => placeParts(w, PARTS, [p.renewable, p.nonrenewable]),
  description: (p) =>
    `Your task is to turn on the ${p.part} by powering it using a ${p.kind} power source. First, focus on the ${p.part}. Then, create an electrical circuit that powers it on. `,
  goals,
  expert,
  vocabulary: (p) => [p.part, 'battery', 'wire', p.renewable, p.nonrenewable],
};

export default task;
